// Who does what, as the server has it (qzapp/diary/entity.py WRITERS, qzapp/households/
// rules.py REGISTER_KEEPERS, qzapp/households/pairing.py PAIRABLE_ROLES): small and apart,
// so that the routes, which every first load fetches, need no screen's code to know them.

// Roles that write visit diaries.
export const DIARY_WRITERS = ["cadre", "first_secretary", "village_staff", "grid_worker", "leader"];
// Roles that keep a village's register (they add and edit its households).
export const REGISTER_KEEPERS = ["first_secretary", "village_staff", "grid_worker"];
export const REGISTER_WRITERS = [...REGISTER_KEEPERS, "admin"];
// Roles a cadre must hold to be paired with a household.
export const PAIRABLE_ROLES = ["cadre", "leader"];

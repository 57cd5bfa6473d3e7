// Who does what, from the server's served rules (qzapp/diary/entity.py WRITERS,
// qzapp/households/entity.py WRITERS, qzapp/households/rules.py REGISTER_KEEPERS,
// qzapp/households/pairing.py PAIRABLE_ROLES, qzapp/ledger/rules.py): small and apart, so
// that the routes, which every first load fetches, need no screen's code to know them.
import RULES from "./rules.js";

// Roles that write visit diaries.
export const DIARY_WRITERS = RULES.diary.writers;
// Roles that keep a village's register (they add and edit its households).
export const REGISTER_KEEPERS = RULES.households.register_keepers;
// The keepers and admins: who may add and edit households.
export const REGISTER_WRITERS = RULES.households.register_writers;
// Roles a cadre must hold to be paired with a household.
export const PAIRABLE_ROLES = RULES.households.pairable_roles;
// Who takes cases in (首办), and who reads every case of their subtree (the 台账).
export const CASE_INTAKE = RULES.ledger.intake_roles;
export const LEDGER_READERS = RULES.ledger.readers_in_scope;
// Who handles or reads cases at all.
export const CASE_USERS = [...new Set([...CASE_INTAKE, ...LEDGER_READERS])];

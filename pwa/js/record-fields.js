// The fields a put of each entity the phone writes carries, from the server's served rules
// (the FIELDS of qzapp/diary/entity.py, qzapp/households/entity.py); anything else is refused
// as unknown. Apart from the forms, so that the sync code (merging conflicts) needs no
// screen's code.
import RULES from "./rules.js";

export const DIARY_FIELDS = RULES.diary.fields;
export const HOUSEHOLD_FIELDS = RULES.households.fields;

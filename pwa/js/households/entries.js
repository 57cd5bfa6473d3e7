// How the 同步 screen names household writes waiting for the server or refused by it.
import { t } from "../i18n.js";
import { fieldLabel } from "./form-template.js";

/** One line naming a household or reveal write; null for other entities. */
export function householdEntrySummary(entry) {
  if (entry.entity === "household") {
    return t("household.entry", { name: entry.data?.head_name ?? "" });
  }
  if (entry.entity === "reveal") {
    return t("household.reveal_entry", { field: fieldLabel(entry.data?.field ?? "") });
  }
  return null;
}

/** The label of a field of a household write (null for other entities). */
export function householdFieldLabel(entry, field) {
  return entry.entity === "household" ? fieldLabel(field) : null;
}

// How the 同步 screen names a leader's writes waiting for the server or refused by it, the
// names of their fields, and the form that corrects each (?fix=<mid>).
import { t, tOr } from "../i18n.js";

// The form that corrects a refused write, by entity.
export const LEADER_FIX_FORMS = { grassroots_day: "leader-day", research_visit: "leader-visit",
  research_report: "leader-report", reception: "leader-reception" };

/** The label of a field of a leader's record of entity: a reception's own where it has one
 *  (接访方式, not 调研方式), else the one the records share. */
export function fieldLabel(entity, field) {
  const shared = tOr(`leader.field.${field}`, field);
  return entity === "reception" ? tOr(`leader.reception.field.${field}`, shared) : shared;
}

/** One line naming a leader's write; null for other entities. */
export function leaderEntrySummary(entry) {
  const data = entry.data ?? {};
  if (entry.entity === "grassroots_day") {
    return [t("leader.entry.day", { day: data.day ?? "" }), data.place].filter(Boolean)
      .join(" · ");
  }
  if (entry.entity === "research_visit") {
    return t("leader.entry.visit", { topic: data.topic ?? "", day: data.starts_on ?? "" });
  }
  if (entry.entity === "research_report") {
    return t("leader.entry.report", { title: data.title ?? "" });
  }
  if (entry.entity === "reception") {
    return [t("leader.entry.reception", { kind: tOr(`leaders.reception.kind.${data.kind}`,
      data.kind ?? ""), when: String(data.starts_at ?? "").slice(0, 16).replace("T", " ") }),
    data.place].filter(Boolean).join(" · ");
  }
  return null;
}

/** The label of a field of a leader's write (null for other entities). */
export function leaderFieldLabel(entry, field) {
  if (!Object.hasOwn(LEADER_FIX_FORMS, entry.entity)) return null;
  return fieldLabel(entry.entity, field);
}

// What the screens of early warning (舆情预警) share: the served rules (qzapp/reports/
// warning_rules.py), a report's chain up the tree (levels acknowledged, skipped, awaited,
// later), its state and severity as chips, and how the 同步 screen names a report.
import { formatDateTime } from "../format.js";
import { html } from "../html.js";
import { t, tOr } from "../i18n.js";
import RULES from "../rules.js";

export const WARNINGS = RULES.warnings;
export const SITUATION = RULES.warnings.situation;

// The form that corrects a refused report, by entity (the 同步 screen's link).
export const SITUATION_FIX_FORMS = { situation_report: "situation-new" };

/** The label of a report's field. */
export function situationLabel(name) {
  return tOr(`situation.field.${name}`, name);
}

/** One line naming a report waiting to be sent or refused; null for other entities. */
export function situationEntrySummary(entry) {
  if (entry.entity !== "situation_report") return null;
  return t("situation.entry", { title: entry.data?.title ?? "" });
}

/** The label of a field of a refused report (null for other entities). */
export function situationFieldLabel(entry, field) {
  return entry.entity === "situation_report" ? situationLabel(field) : null;
}

/** The severity as a chip (重大 and 特别重大 stand out). */
export function severityChip(severity) {
  const strong = severity === "major" || severity === "extreme";
  return html`<span class="chip ${strong ? "chip-warn" : "chip-kind"}" data-severity="${
    severity}">${tOr(`situation.severity.${severity}`, severity ?? "")}</span>`;
}

/** The level a report awaits (its chain's awaiting level), or undefined. */
export function awaitedLevel(report) {
  return (report.chain ?? []).find((level) => level.state === "awaiting");
}

/** The report's state as a chip: awaiting a level (named), or seen by every level. */
export function stateChip(report) {
  const level = awaitedLevel(report);
  if (report.status === "done") {
    return html`<span class="chip chip-muted" data-state="done">${t("situation.state.done")}
      </span>`;
  }
  if (!level) return html`<span class="chip chip-muted" data-state="new">${t(
    "situation.state.new")}</span>`;
  return html`<span class="chip chip-warn" data-state="awaiting">${t(
    "situation.state.awaiting", { level: level.name })}</span>`;
}

function levelLine(level) {
  if (level.state === "acknowledged") {
    return html`${t("situation.chain.acknowledged", { by: level.by_name ?? "",
      when: formatDateTime(level.at) })}${level.note ? html`<span class="situation-note">${
      t("situation.chain.note", { note: level.note })}</span>` : ""}`;
  }
  return t(`situation.chain.${level.state}`);
}

/** The report's way up the tree: each level with what it did (or will do). */
export function chainList(report) {
  const chain = report.chain ?? [];
  if (!chain.length) return html`<p class="muted">${t("situation.chain.none")}</p>`;
  return html`<ol class="situation-chain">${chain.map((level) => html`
    <li class="situation-level" data-level="${level.node_id}" data-state="${level.state}">
      <strong>${level.name}</strong><span class="muted">${levelLine(level)}</span></li>`)}
  </ol>`;
}

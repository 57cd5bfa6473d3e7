// Pieces every case screen shows: the countdown chip (限时办结), the status chip, one row of a
// list of cases, and the one-line summary of an event (the sync screen's list).
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";

/** The stylesheet of the case screens, added to the page the first time one is shown. */
export function caseStyles() {
  if (document.querySelector("link[data-cases-css]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "/js/ledger/cases.css";
  link.dataset.casesCss = "";
  document.head.append(link);
}

/** 超期N个工作日 / 今天到期 / 剩N个工作日, from a clock ({due, left, state, known}). */
export function clockText(clock) {
  if (clock.state === "overdue") {
    return clock.left < 0 ? t("case.clock.overdue_days", { days: -clock.left })
      : t("case.clock.overdue");
  }
  return clock.left === 0 ? t("case.clock.today") : t("case.clock.left", { days: clock.left });
}

/** The countdown chip ("" once closed); its title says the day, and when the holiday
 *  calendar does not know that year, that the count is Monday to Friday only. */
export function clockChip(clock) {
  if (!clock) return "";
  const title = [t("case.clock.due", { date: clock.due }),
    clock.known ? "" : t("case.clock.unknown_year")].filter(Boolean).join(" ");
  return html`<span class="chip clock-chip clock-${clock.state}" data-left="${clock.left}"
    data-due="${clock.due}" title="${title}">${clockText(clock)}</span>`;
}

/** The status chip of a case. */
export function statusChip(status) {
  return html`<span class="chip case-status case-${status}" data-status="${status}">${t(
    `case.status.${status}`)}</span>`;
}

/** The chips of a case in a list: clock, status, category, urgency, backlog, 待同步. */
export function caseChips(state, clock, waiting = false) {
  return html`<span class="chips">${clockChip(clock)}${statusChip(state.status)}
    <span class="chip chip-kind">${t(`appeal.category.${state.category}`)}</span>
    ${state.urgency && state.urgency !== "normal" ? html`<span class="chip chip-warn">${t(
      `case.urgency.${state.urgency}`)}</span>` : ""}
    ${state.backlog ? html`<span class="chip chip-muted">${t("case.backlog")}</span>` : ""}
    ${waiting ? html`<span class="status status-pending">${t("case.waiting")}</span>` : ""}
  </span>`;
}

/** One case as a row that opens its page. */
export function caseRow({ state, clock, waiting = false, extra = "" }) {
  const who = [state.person_name, (state.received_at || "").slice(0, 10), extra]
    .filter(Boolean).join(" · ");
  return html`<li><a class="list-row list-link case-row" href="#/case?id=${state.id}"
      data-id="${state.id}" data-clock="${clock?.state ?? ""}">
    <span class="row-text"><span class="case-text">${state.text}</span>
      ${caseChips(state, clock, waiting)}
      <span class="muted">${who}</span></span>${icon("chevron")}</a></li>`;
}

/** One line that names an event: its step and its case's text (the sync screen's list). */
export function eventSummary(data = {}, caseText = "") {
  const step = data.kind ? t(`case.event.${data.kind}`) : t("case.name");
  const text = data.kind === "receive" ? data.data?.text : caseText;
  return [t("case.name"), step, text].filter(Boolean).join(" · ");
}

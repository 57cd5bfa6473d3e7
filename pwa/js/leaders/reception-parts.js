// Pieces of 接访 on a leader's screen (F9): the card of the year's months against the
// monthly target (a month over without enough held is marked), the button that schedules
// one, and the row of a reception — when, where, its state, who came and the cases taken in
// at it — that opens its form.
import { html } from "../html.js";
import { getLang, t } from "../i18n.js";
import { icon } from "../icons.js";
import { localChip } from "./parts.js";

const TIME_ZONE = "Asia/Shanghai";
// How each state of a reception is drawn.
const STATUS_CHIPS = { planned: "chip", held: "chip chip-held", cancelled: "chip chip-muted" };

/** When a reception starts, as 12月5日 周六 09:00 in the UI language. */
export function whenText(startsAt) {
  const moment = new Date(startsAt);
  if (Number.isNaN(moment.getTime())) return String(startsAt ?? "");
  return new Intl.DateTimeFormat(getLang(), { timeZone: TIME_ZONE, month: "long",
    day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false })
    .format(moment);
}

function monthName(month) {
  return new Intl.DateTimeFormat(getLang(), { timeZone: "UTC", month: "short" })
    .format(new Date(`${month}-01T00:00:00Z`));
}

function monthCell(m, current) {
  const state = m.short ? "missed" : m.held ? "held" : m.month > current ? "future" : "open";
  const line = m.short ? t("leader.receptions.month_missed")
    : m.held ? t("leader.receptions.month_held", { count: m.held })
      : m.planned ? t("leader.receptions.month_planned", { count: m.planned }) : "";
  return html`<li class="leader-month leader-month-${state} ${m.month === current
    ? "leader-month-now" : ""}" data-month="${m.month}" data-held="${m.held}" ${m.short
    ? "data-missed" : ""}><span class="leader-month-name">${monthName(m.month)}</span>
    <span class="leader-month-line">${line}</span></li>`;
}

/** The card of a year's receptions: the target, the months, what was missed; with the button
 *  that schedules one when the year is this one. */
export function receptionsCard(receptions, { year, today, current }) {
  const target = receptions.target_per_month;
  const missed = receptions.missed.length;
  return html`<section class="card leader-card ${missed ? "leader-behind" : ""}"
      data-receptions data-target="${target ?? ""}">
    <h2>${t("leader.receptions.title", { year })}</h2>
    <p class="leader-line" data-reception-target>${target ? t("leader.receptions.target",
      { count: target }) : t("leader.receptions.no_target")}${t("leader.receptions.held",
      { count: receptions.held })}</p>
    <ol class="leader-months" data-months>${receptions.months.map((m) => monthCell(m,
      today.slice(0, 7)))}</ol>
    ${missed ? html`<p class="notice notice-warn" role="status" data-missed-count="${missed}">${t(
      "leader.receptions.missed", { count: missed })}</p>` : ""}
    ${current ? html`<a class="btn btn-primary btn-block" href="#/leader-reception"
      data-schedule>${icon("plus")}${t("leader.reception.title")}</a>` : ""}</section>`;
}

function casesLine(item) {
  if (!item.cases) return "";
  return html`<span class="muted" data-cases="${item.cases}">${t("leader.reception.cases_line",
    { count: item.cases, taken: item.cases_taken, closed: item.cases_closed })}</span>`;
}

/** One reception: topic or place, its kind and state, when and where, who came, its cases. */
export function receptionRow(item, mine) {
  const body = html`<span class="row-text"><strong>${item.topic || item.place}</strong>
    <span class="chips"><span class="chip chip-kind">${t(
      `leaders.reception.kind.${item.kind}`)}</span><span class="${STATUS_CHIPS[item.status]
      ?? "chip"}" data-status-chip>${t(`leader.reception.status.${item.status}`)}</span>${
      item.public && item.status === "planned" ? html`<span class="chip chip-kind"
        data-public>${t("leader.reception.public_chip")}</span>` : ""}${localChip(
      item.local)}</span>
    <span class="muted">${whenText(item.starts_at)} · ${item.place}</span>
    ${item.status === "held" && item.visitors !== null ? html`<span class="muted">${t(
      "leader.reception.visitors_line", { count: item.visitors })}</span>` : ""}
    ${casesLine(item)}</span>`;
  const marks = html`data-reception="${item.id}" data-status="${item.status}"`;
  return mine.has(item.id) ? html`<li><a class="list-row list-link"
      href="#/leader-reception?id=${item.id}" ${marks}>${body}${icon("chevron")}</a></li>`
    : html`<li class="list-row" ${marks}>${body}</li>`;
}

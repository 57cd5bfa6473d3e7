// A member's pledges (承诺践诺, qzapp/duty/pledges.py) as the phone holds them: my pledges of a
// year with the state each is in, the rules of a pledge's dates as the server applies them
// (served: RULES.duty.pledge), and 我的服务's section of this year's pledges. Everything here
// reads the phone's own records, so it works offline.
import { recordsOf } from "../db.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { beijingToday } from "../households/rules.js";
import RULES from "../rules.js";

export const PLEDGE = RULES.duty.pledge;
// How a state is drawn: its chip's class.
const CHIPS = { open: "chip-muted", returned: "chip-warn", fulfilled: "chip-kind", confirmed: "" };

/** My pledges (not deleted) on the phone, by due date; year: only that year's. */
export async function myPledges(uid, year = null) {
  const records = (await recordsOf(uid, "duty_pledge"))
    .filter((r) => r.data.created_by === uid && !r.data.deleted)
    .filter((r) => year === null || Number(r.data.year) === year);
  return records.sort((a, b) => String(a.data.due_on).localeCompare(String(b.data.due_on)));
}

/** The records of fulfilment of a pledge on the phone, oldest first. */
export async function recordsOfPledge(uid, pledgeId) {
  const records = (await recordsOf(uid, "duty_pledge_record"))
    .filter((r) => r.data.pledge_id === pledgeId && !r.data.deleted);
  const when = (r) => r.data.created_at ?? new Date(r.saved_at ?? 0).toISOString();
  return records.sort((a, b) => when(a).localeCompare(when(b)));
}

/** Where a pledge stands for its member: open, returned (open with the staff's reason),
 *  fulfilled (waiting for the staff; also once a record of mine waits to be sent, which the
 *  server will take so) or confirmed. */
export function pledgeState(pledge, records = []) {
  const status = pledge.data.status ?? "open";
  if (status !== "open") return status;
  const sentLater = records.some((r) => r.status === "pending"
    && (!pledge.data.decided_at || (r.saved_at ?? 0) > Date.parse(pledge.data.decided_at)));
  if (sentLater) return "fulfilled";
  return pledge.data.reason ? "returned" : "open";
}

/** The chip of a pledge's state. */
export function stateChip(state) {
  return html`<span class="chip ${CHIPS[state] ?? ""}" data-pledge-state="${state}"
    >${t(`duty.pledge.state.${state}`)}</span>`;
}

/** The problems of a pledge's text and due date as the server finds them ({field: message});
 *  its year is its due date's. today: Beijing's date (YYYY-MM-DD). */
export function pledgeProblems(values, today = beijingToday(), unchangedDue = null) {
  const problems = {};
  const text = values.text.trim();
  if (!text) problems.text = t("field.required");
  else if (text.length > PLEDGE.text_max) {
    problems.text = t("field.too_long", { max: PLEDGE.text_max });
  }
  const due = values.due_on;
  const thisYear = Number(today.slice(0, 4));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(due || "")) problems.due_on = t("field.required");
  else if (Number(due.slice(0, 4)) < thisYear
    || Number(due.slice(0, 4)) > thisYear + PLEDGE.years_ahead) {
    problems.due_on = t("duty.pledge.year_range", { first: thisYear,
      last: thisYear + PLEDGE.years_ahead });
  } else if (due < today && due !== unchangedDue) problems.due_on = t("duty.pledge.due_past");
  return problems;
}

/** The last day a pledge made today may be due on. */
export function lastDueDay(today = beijingToday()) {
  return `${Number(today.slice(0, 4)) + PLEDGE.years_ahead}-12-31`;
}

/** One pledge as a row that opens it; a returned one says why. */
export function pledgeRow(record, state) {
  const { data } = record;
  return html`<li><a class="list-row list-link" href="#/duty-pledge?id=${data.id}"
      data-pledge="${data.id}">
    <span class="row-text">
      <strong class="diary-body">${data.text}</strong>
      <span class="chips">${stateChip(state)}${record.status && record.status !== "synced"
        ? html`<span class="status status-${record.status}">${t(`diary.status.${record.status}`)}
          </span>` : ""}</span>
      <span class="muted">${t("duty.pledge.due", { date: data.due_on })}</span>
      ${state === "returned" ? html`<span class="notice notice-warn" data-returned>${t(
        "duty.pledge.returned_because", { reason: data.reason })}</span>` : ""}
    </span>${icon("chevron")}</a></li>`;
}

/** 我的服务's section: my pledges of this year with their state (a returned one's reason),
 *  and the way to make one. */
export async function pledgesSection(uid, user) {
  if (!user) return html``;
  const year = Number(beijingToday().slice(0, 4));
  const pledges = await myPledges(uid, year).catch(() => []);
  const rows = await Promise.all(pledges.map(async (record) => pledgeRow(record,
    pledgeState(record, await recordsOfPledge(uid, record.id).catch(() => [])))));
  return html`<section class="card duty-pledges" data-duty-pledges>
    <h2 class="section-title">${t("duty.pledge.section", { year })}</h2>
    ${rows.length ? html`<ul class="list">${rows}</ul>`
      : html`<p class="muted">${t("duty.pledge.none")}</p>`}
    <a class="btn btn-secondary btn-block" href="#/duty-pledge">${icon("plus")}${t(
      "duty.pledge.new")}</a>
  </section>`;
}

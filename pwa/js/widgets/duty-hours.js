// 我的服务's section of my hours (qzapp/duty/hours.py): this year's hours confirmed and waiting
// for the community's staff, my latest records with their status (a rejected one with the
// staff's reason), the years before, and the way to 扫码签到. From the records the phone
// holds (sync brings my own hours), so it works offline.
import { recordsOf } from "../db.js";
import { beijingToday } from "../households/rules.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import RULES from "../rules.js";

const LATEST = 5;
const STATUS_CHIPS = { pending: "chip-muted", confirmed: "chip-kind", rejected: "chip-warn" };

/** Minutes as hours to one decimal, as the books count them (2.5). */
export function hoursText(minutes) {
  return String(Math.round((minutes ?? 0) / 6) / 10);
}

/** My hours records on the phone (not deleted), newest first. */
export async function myHours(uid) {
  return (await recordsOf(uid, "duty_hours")).map((record) => record.data)
    .filter((hours) => hours.member_id === uid && !hours.deleted)
    .sort((a, b) => String(b.started_at).localeCompare(String(a.started_at)));
}

/** Minutes confirmed and pending, and how many records, of a list of hours. */
export function totalsOf(list) {
  const sum = (status) => list.filter((h) => h.status === status)
    .reduce((total, h) => total + (h.minutes ?? 0), 0);
  return { confirmed: sum("confirmed"), pending: sum("pending"), records: list.length };
}

/** The chip of an hours record's status. */
export function hoursStatusChip(status) {
  return html`<span class="chip ${STATUS_CHIPS[status] ?? ""}" data-hours-status="${status}"
    >${t(`duty.hours.status.${status}`)}</span>`;
}

function item(hours) {
  return html`<li class="list-row" data-hours="${hours.id}"><span class="row-text">
    <strong>${t("duty.hours.item", { date: String(hours.started_at).slice(0, 10),
      post: hours.post_title, hours: hoursText(hours.minutes) })}</strong>
    ${hours.status === "rejected" && hours.reason ? html`<span class="rejected-reason"
      data-reason>${t("duty.hours.rejected_reason", { reason: hours.reason })}</span>` : ""}
    </span>${hoursStatusChip(hours.status)}</li>`;
}

function pastYears(list, year) {
  const years = [...new Set(list.map((h) => h.year).filter((y) => y < year))].sort((a, b) => b - a);
  if (!years.length) return "";
  return html`<p class="muted" data-past-years>${t("duty.hours.past_years")}${years.map((y) =>
    t("duty.hours.past_year", { year: y,
      hours: hoursText(totalsOf(list.filter((h) => h.year === y)).confirmed) })).join(
    t("syncui.separator"))}</p>`;
}

/** 我的服务's section of my hours (an empty template for who is no member). */
export async function hoursSection(uid, user) {
  return hoursCard(uid, user, { scanLink: true });
}

/** The section of my hours; scanLink: with the way to 扫码签到 (not on that screen). */
export async function hoursCard(uid, user, { scanLink = false } = {}) {
  if (!(user?.roles ?? []).some((role) => RULES.duty.members.includes(role))) return html``;
  const year = Number(beijingToday().slice(0, 4));
  const all = await myHours(uid);
  const mine = all.filter((h) => Number(h.year) === year);
  const totals = totalsOf(mine);
  return html`<section class="card duty-hours" data-duty-hours>
    <h2 class="form-title">${t("duty.hours.mine_title", { year })}</h2>
    <div class="stats">
      <div class="stat"><span class="stat-value" data-hours-confirmed>${hoursText(
        totals.confirmed)}</span><span class="stat-label">${t("duty.hours.confirmed_label")}
        </span></div>
      <div class="stat"><span class="stat-value" data-hours-pending>${hoursText(
        totals.pending)}</span><span class="stat-label">${t("duty.hours.pending_label")}
        </span></div>
      <div class="stat"><span class="stat-value">${totals.records}</span><span
        class="stat-label">${t("duty.hours.records_label")}</span></div>
    </div>
    ${mine.length ? html`<ul class="list duty-hours-list">${mine.slice(0, LATEST).map(item)}</ul>`
      : html`<p class="muted">${t("duty.hours.none")}</p>`}
    ${pastYears(all, year)}
    ${scanLink ? html`<a class="btn btn-primary btn-block" href="#/duty-scan">${icon("camera")}${
      t("duty.hours.scan")}</a>` : ""}
  </section>`;
}

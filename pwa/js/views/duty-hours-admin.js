// 服务时长审核: the community's staff go through the hours the server wrote from
// check-ins and check-outs, each with its flags (far from the post, no position, outside the
// shift, no shift, too long), and confirm or reject them (a reject needs a reason, which the
// member sees); the year's totals per member and per community; the Excel workbook. Admins
// and supervisors read the same. Online only, like the administration screens.
//   #/duty-hours-admin?status=pending|confirmed|rejected&year=YYYY
import { api } from "../api.js";
import { actionMessage, backLink, showFailure, showLoading } from "../admin/common.js";
import { formatCount } from "../format.js";
import { beijingToday } from "../households/rules.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import RULES from "../rules.js";
import { hasRole } from "../session.js";
import { hoursStatusChip, hoursText } from "../widgets/duty-hours.js";
import { pagedList } from "../widgets/paged-list.js";
import { useStylesheet } from "../widgets/styles.js";

const HOURS = RULES.duty.hours;
const PAGE = 30;

function when(row) {
  const start = String(row.started_at);
  return t("duty.admin_hours.when", { start: `${start.slice(0, 10)} ${start.slice(11, 16)}`,
    end: String(row.ended_at).slice(11, 16), hours: hoursText(row.minutes) });
}

function actions(row) {
  if (!hasRole(HOURS.deciders)) return "";
  return html`<div class="entry-actions">
      ${row.status !== "confirmed" ? html`<button type="button" class="btn btn-primary"
        data-action="confirm">${t("duty.admin_hours.confirm")}</button>` : ""}
      ${row.status !== "rejected" ? html`<button type="button" class="btn btn-secondary"
        data-action="reject">${t("duty.admin_hours.reject")}</button>` : ""}
    </div>
    <form class="duty-reject" data-reject-form hidden novalidate>
      <label class="field"><span class="field-label">${t("duty.admin_hours.reason_label")}</span>
        <textarea name="reason" rows="2" maxlength="${HOURS.reason_max}"></textarea>
        <span class="field-error" data-error-for="reason"></span></label>
      <div class="entry-actions"><button type="submit" class="btn btn-danger"
        >${t("duty.admin_hours.reject_submit")}</button>
        <button type="button" class="btn btn-secondary" data-action="cancel"
        >${t("duty.admin_hours.cancel")}</button></div>
    </form>`;
}

function row(item) {
  const flags = item.flags ?? [];
  return html`<li class="list-row duty-hours-item" data-hours="${item.id}"
      data-status="${item.status}"><span class="row-text">
    <strong>${t("duty.admin_hours.row", { member: item.member_name, post: item.post_title })}
    </strong>
    <span class="muted">${when(item)} · ${item.community}</span>
    <span class="chips">${hoursStatusChip(item.status)}${flags.map((flag) => html`<span
      class="chip chip-warn" data-flag="${flag}">${t(`duty.flag.${flag}`)}</span>`)}</span>
    ${item.reason ? html`<span class="rejected-reason">${t("duty.hours.rejected_reason",
      { reason: item.reason })}</span>` : ""}
    ${actions(item)}</span></li>`;
}

function filters(status, year) {
  return html`<section class="card duty-filters">
    <div class="segmented" role="group">${HOURS.statuses.map((name) => html`<button
      type="button" data-status="${name}" aria-pressed="${name === status}"
      >${t(`duty.hours.status.${name}`)}</button>`)}</div>
    <label class="field"><span class="field-label">${t("duty.admin_hours.year")}</span>
      <input name="year" type="number" inputmode="numeric" min="2000" max="2100"
        value="${year}"></label>
    <a class="btn btn-secondary btn-block" data-export download
      href="/api/duty/hours/export.xlsx?year=${year}">${icon("download")}${t(
      "duty.admin_hours.export")}</a>
  </section>`;
}

function totals(answer, year) {
  const hours = (minutes) => hoursText(minutes);
  return html`<h2 class="section-title">${t("duty.admin_hours.totals", { year })}</h2>
    <section class="card duty-totals" data-totals>
      <ul class="list">${answer.communities.map((c) => html`<li data-community="${c.node_id}">
        <span>${c.community}</span><span>${t("duty.admin_hours.community_row", {
          members: c.members, confirmed: hours(c.confirmed), pending: hours(c.pending) })}
        </span></li>`)}</ul>
      <ul class="list">${answer.members.map((m) => html`<li data-member="${m.member_id}">
        <span>${m.member_name}</span><span>${t("duty.admin_hours.member_row", {
          confirmed: hours(m.confirmed), pending: hours(m.pending) })}</span></li>`)}</ul>
      ${answer.members.length ? "" : html`<p class="muted">${t("duty.admin_hours.empty")}</p>`}
    </section>`;
}

/** Back to the community's 服务 tab, or to 管理 for admins and supervisors (who have none). */
function back() {
  return hasRole(RULES.duty.staff) ? backLink("duty", t("nav.duty"))
    : backLink("admin", t("nav.admin"));
}

async function decide(item, decision, reason = null) {
  const body = reason === null ? { decision } : { decision, reason };
  return (await api(`/api/duty/hours/${item.dataset.hours}/decision`, { method: "POST",
    body })).hours;
}

function onListClick(event, paint) {
  const button = event.target.closest("[data-action]");
  const item = event.target.closest("[data-hours]");
  if (!button || !item) return;
  const form = item.querySelector("[data-reject-form]");
  if (button.dataset.action === "reject") {
    form.hidden = false;
    form.elements.reason.focus();
  } else if (button.dataset.action === "cancel") {
    form.hidden = true;
  } else if (button.dataset.action === "confirm") {
    button.disabled = true;
    decide(item, "confirm").then(() => {
      toast(t("duty.admin_hours.confirmed_toast"));
      paint();
    }).catch((error) => {
      button.disabled = false;
      toast(actionMessage(error, "decision"), "error");
    });
  }
}

async function onReject(event, paint) {
  const form = event.target.closest("[data-reject-form]");
  if (!form) return;
  event.preventDefault();
  const reason = form.elements.reason.value.trim();
  const slot = form.querySelector("[data-error-for=reason]");
  slot.textContent = reason ? "" : t("duty.hours.reason_required");
  if (!reason) return;
  try {
    await decide(form.closest("[data-hours]"), "reject", reason);
    toast(t("duty.admin_hours.rejected_toast"));
    paint();
  } catch (error) {
    slot.textContent = actionMessage(error, "reason");
  }
}

/** Draw the hours to confirm (or the confirmed, or the rejected), and the totals. */
export async function render(root, params) {
  useStylesheet("/js/widgets/duty-scan.css");
  const status = HOURS.statuses.includes(params.status) ? params.status : "pending";
  const year = /^\d{4}$/.test(params.year ?? "") ? params.year : beijingToday().slice(0, 4);
  const go = (changes) => navigate(`duty-hours-admin?${new URLSearchParams({ status, year,
    ...changes })}`);
  const paint = async () => {
    showLoading(root);
    try {
      const query = (more) => new URLSearchParams({ status, year, limit: String(PAGE), ...more });
      const sums = await api(`/api/duty/hours/totals?year=${year}`);
      draw(root, html`${back()}${filters(status, year)}
        <div data-list></div>${totals(sums, year)}`);
      await pagedList(root.querySelector("[data-list]"), {
        load: (cursor) => api(`/api/duty/hours?${query(cursor ? { cursor } : {})}`),
        row, count: (total) => t("duty.admin_hours.count", { count: formatCount(total) }),
        empty: t("duty.admin_hours.empty"), className: "card list duty-hours-list",
      });
    } catch (error) {
      await showFailure(root, error, paint);
    }
  };
  root.addEventListener("click", (event) => {
    const pick = event.target.closest("[data-status]");
    if (pick?.tagName === "BUTTON") go({ status: pick.dataset.status });
    else onListClick(event, paint);
  });
  root.addEventListener("submit", (event) => onReject(event, paint));
  root.addEventListener("change", (event) => {
    if (event.target.name === "year" && /^\d{4}$/.test(event.target.value)) {
      go({ year: event.target.value });
    }
  });
  await paint();
}

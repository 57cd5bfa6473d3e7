// The community staff's lists of registrations, posts and shifts (online, a page at a time):
// registrations to decide (通过, or 不通过 with a reason the member reads), the members without
// a post this year (the seed's one a year), and the sign-ups of one shift with its waiting list
// (from the phone's own records when offline: staff phones receive them by sync).
import { actionMessage, requestMessage, showFailure } from "../admin/common.js";
import { api, OfflineError } from "../api.js";
import { recordsOf } from "../db.js";
import { formatDateTime } from "../format.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { toast } from "../notice.js";
import { syncNow } from "../sync.js";
import { pagedList } from "./paged-list.js";
import { DUTY } from "./duty-community.js";
import { shiftTime, signupChip } from "./duty-parts.js";

const PAGE = 20;

function query(base, params, cursor) {
  const search = new URLSearchParams({ limit: String(PAGE), ...params });
  if (cursor) search.set("cursor", cursor);
  return api(`${base}?${search}`);
}

function registrationRow(item) {
  return html`<li class="list-row" data-registration="${item.id}">
    <span class="row-text"><strong>${item.member_name}</strong>
      <span class="muted">${t("duty.admin.member_of", { org: item.member_org })}</span>
      <span class="muted">${t("duty.admin.asked", { community: item.community,
    when: formatDateTime(item.created_at) })}</span></span>
    <form class="entry-actions" data-decide="${item.id}" novalidate>
      <button type="button" class="btn btn-primary" data-decision="approve">${
        t("duty.admin.approve")}</button>
      <button type="button" class="btn btn-danger" data-decision="decline">${
        t("duty.admin.decline")}</button>
      <label class="field" hidden data-reason><span class="field-label">${
        t("duty.admin.reason")}</span><textarea name="reason" rows="2" maxlength="${
        DUTY.registration.reason_max}"></textarea></label>
      <p class="form-error" role="alert" hidden></p></form></li>`;
}

/** Decide on a registration from its row: 通过 at once; 不通过 asks for the reason first. */
async function decide(form, decision) {
  const reason = form.querySelector("[data-reason]");
  const top = form.querySelector(".form-error");
  if (decision === "decline" && reason.hidden) {
    reason.hidden = false;
    form.reason.focus();
    return;
  }
  form.querySelectorAll("button").forEach((b) => { b.disabled = true; });
  try {
    const body = { decision, ...(decision === "decline" ? { reason: form.reason.value } : {}) };
    const { registration } = await api(`/api/duty/registrations/${form.dataset.decide}/decision`,
      { method: "POST", body });
    form.closest("li").replaceWith(Object.assign(document.createElement("li"), {
      className: "list-row", textContent: t(`duty.admin.decided.${registration.status}`,
        { name: registration.member_name }) }));
    toast(t(`duty.admin.decided.${registration.status}`, { name: registration.member_name }));
    syncNow();
  } catch (error) {
    form.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    top.textContent = actionMessage(error, "reason");
    top.hidden = false;
  }
}

/** The registrations waiting for a decision in the staff's communities. */
export async function registrationsList(slot) {
  draw(slot, html`<p class="muted admin-loading" role="status">${t("admin.loading")}</p>`);
  try {
    await pagedList(slot, { load: (cursor) => query("/api/duty/registrations",
      { status: "pending" }, cursor), row: registrationRow, className: "card list duty-people",
    count: (total) => t("duty.admin.pending_count", { count: total }),
    empty: t("duty.admin.no_pending") });
  } catch (error) {
    return showFailure(slot, error, () => registrationsList(slot));
  }
  slot.addEventListener("click", (event) => {
    const button = event.target.closest("[data-decision]");
    if (button) decide(button.closest("form"), button.dataset.decision);
  });
  return undefined;
}

function withoutRow(item) {
  const where = item.registration ? t(`duty.admin.reg.${item.registration}`,
    { community: item.community }) : t("duty.admin.reg.none");
  return html`<li class="list-row" data-member="${item.id}"><span class="row-text">
    <strong>${item.name}</strong><span class="muted">${item.member_org}</span>
    <span class="muted">${where}</span></span></li>`;
}

/** The members without a claimed post this year (the staff's and the party organisation's). */
export async function withoutPostList(slot) {
  draw(slot, html`<p class="muted admin-loading" role="status">${t("admin.loading")}</p>`);
  try {
    await pagedList(slot, { load: (cursor) => query("/api/duty/without-post", {}, cursor),
      row: withoutRow, className: "card list duty-people",
      count: (total) => t("duty.admin.without_count", { count: total,
        posts: DUTY.posts_per_member_year }),
      empty: t("duty.admin.without_none") });
  } catch (error) {
    await showFailure(slot, error, () => withoutPostList(slot));
  }
}

function signupRow(item) {
  return html`<li class="list-row" data-signup="${item.id}"><span class="row-text">
    <strong>${item.member_name}</strong>
    <span class="muted">${item.member_org ?? ""}</span></span>${signupChip(item)}</li>`;
}

/** The sign-ups of the phone's own records for a shift, in order of arrival (offline). */
async function localSignups(uid, shiftId) {
  const records = (await recordsOf(uid, "duty_signup")).filter((r) => r.data.shift_id === shiftId
    && r.data.status !== "cancelled");
  return records.map((r) => r.data).sort((a, b) => (a.status === "waiting")
    - (b.status === "waiting") || (a.position ?? 0) - (b.position ?? 0));
}

/** Who signed up for a shift, confirmed first and then the waiting list. */
export async function signupsList(slot, uid, shift) {
  draw(slot, html`<p class="muted admin-loading" role="status">${t("admin.loading")}</p>`);
  const head = (total) => html`<h2 class="section-title" data-signups-head>${t(
    "duty.admin.signups_of", { when: shiftTime(shift), count: total })}</h2>`;
  try {
    await pagedList(slot, { load: (cursor) => query("/api/duty/signups", { shift_id: shift.id },
      cursor), row: signupRow, head, className: "card list duty-people",
    empty: t("duty.admin.no_signups") });
  } catch (error) {
    if (!(error instanceof OfflineError)) {
      draw(slot, html`<p class="card notice">${requestMessage(error)}</p>`);
      return;
    }
    const items = await localSignups(uid, shift.id);
    draw(slot, html`${head(items.length)}<p class="muted" data-stale>${
      t("duty.admin.signups_offline")}</p>${items.length ? html`<ul
      class="card list duty-people">${items.map(signupRow)}</ul>` : html`<p
      class="card muted empty">${t("duty.admin.no_signups")}</p>`}`);
  }
}

// Pieces the duty screens of registrations, posts and shifts share (我的服务, 服务岗位, 社区
// 报到管理): a shift's time, a sign-up's chip, a shift row with its places and my buttons, a post
// card, and the list of my duty records the server refused.
import { html } from "../html.js";
import { getLang, t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { useStylesheet } from "./styles.js";
import {
  cancelSignup, claimPost, cutoffHours, isAhead, mayCancel, placesLeft, signUp, span,
} from "./duty-community.js";

const TIME_ZONE = "Asia/Shanghai";
const SIGNUP_CHIPS = { confirmed: "chip-kind", waiting: "chip-warn", sending: "chip-muted",
  cancelling: "chip-muted", refused: "", cancelled: "chip-muted" };

/** Add the duty screens' stylesheet (once). */
export function dutyStyles() {
  useStylesheet("/js/widgets/duty-parts.css");
}

/** A shift's day and time in Beijing: 12月3日周三 08:00–10:00. */
export function shiftTime(shift) {
  const day = new Intl.DateTimeFormat(getLang(), { timeZone: TIME_ZONE, month: "long",
    day: "numeric", weekday: "short" }).format(new Date(shift.starts_at));
  return `${day} ${shift.starts_at.slice(11, 16)}–${shift.ends_at.slice(11, 16)}`;
}

/** A sign-up's state as a chip (confirmed, waiting with its place, not sent, refused). */
export function signupChip(signup) {
  const text = signup.status === "waiting"
    ? t("duty.signup.state.waiting", { position: signup.position ?? "?" })
    : t(`duty.signup.state.${signup.status}`);
  return html`<span class="chip ${SIGNUP_CHIPS[signup.status] ?? ""}"
    data-signup-state="${signup.status}">${text}</span>`;
}

/** Why a sign-up waits, or was refused, or cannot be cancelled, under its shift. */
function signupNote(shift, signup, settings) {
  if (!signup) return "";
  if (signup.status === "waiting") {
    return html`<p class="duty-note" data-why>${t("duty.signup.why_waiting")}</p>`;
  }
  if (signup.status === "refused") {
    return html`<p class="duty-note duty-refused" data-why>${t("duty.refused_because",
      { reason: signup.reason })}</p>`;
  }
  if (signup.refusedCancel) {
    return html`<p class="duty-note duty-refused" data-why>${t("duty.signup.cancel_refused",
      { reason: signup.refusedCancel })}</p>`;
  }
  if (signup.status === "confirmed" && isAhead(shift) && !mayCancel(shift, signup, settings)) {
    return html`<p class="duty-note">${t("duty.signup.past_cutoff",
      { hours: cutoffHours(settings) })}</p>`;
  }
  return "";
}

/** The buttons of a shift for me: sign up (or join the waiting list when it is full), or
 *  cancel my sign-up while I may. */
function shiftButtons(shift, signup, settings) {
  if (shift.cancelled || !isAhead(shift)) return "";
  if (!signup || signup.status === "refused") {
    const full = placesLeft(shift) === 0;
    return html`<button type="button" class="btn ${full ? "btn-secondary" : "btn-primary"}"
      data-action="signup" data-shift="${shift.id}">${full ? t("duty.signup.wait")
      : t("duty.signup.do")}</button>`;
  }
  if (["confirmed", "waiting"].includes(signup.status) && mayCancel(shift, signup, settings)) {
    return html`<button type="button" class="btn btn-danger" data-action="cancel"
      data-shift="${shift.id}">${t("duty.signup.cancel")}</button>`;
  }
  return "";
}

/** The places of a shift: left of how many, and how many wait. */
function places(shift) {
  if (shift.cancelled) return t("duty.shift.cancelled");
  const left = placesLeft(shift);
  const text = left ? t("duty.shift.places_left", { left, capacity: shift.capacity })
    : t("duty.shift.full", { capacity: shift.capacity });
  return shift.waiting ? `${text}${t("duty.shift.waiting_count", { count: shift.waiting })}`
    : text;
}

/** One shift with its places and, for a member, my sign-up and its buttons.
 *  withPost: name the shift's post (in lists of several posts). */
export function shiftRow(shift, { settings = null, withPost = false, member = true } = {}) {
  const signup = shift.mine ?? null;
  return html`<li class="duty-shift" data-shift-row="${shift.id}"
      data-cancelled="${Boolean(shift.cancelled)}">
    <div class="duty-shift-head">
      <span class="row-text"><strong>${shiftTime(shift)}</strong>
        ${withPost ? html`<span class="muted">${shift.post_title}</span>` : ""}
        <span class="muted" data-places>${places(shift)}</span></span>
      ${signup ? signupChip(signup) : ""}</div>
    ${member ? signupNote(shift, signup, settings) : ""}
    ${member ? html`<div class="entry-actions">${shiftButtons(shift, signup, settings)}</div>`
    : ""}</li>`;
}

/** A post of my community: what it asks, where, its claims, and my claim or its button. */
export function postCard(post, { open = false, shifts = "" } = {}) {
  const full = post.claimed >= post.capacity;
  const refused = post.local?.state === "refused";
  const claim = post.mine ? html`<span class="chip chip-kind" data-claimed>${
    post.local?.state === "sending" ? t("duty.claim.sending") : t("duty.claim.mine")}</span>`
    : "";
  return html`<li class="card duty-post" data-post="${post.id}">
    <details ${open ? "open" : ""}>
      <summary class="duty-post-head">
        <span class="row-text"><strong class="entry-title">${post.title}</strong>
          <span class="muted">${post.place || ""}</span>
          <span class="muted" data-claims>${t("duty.post.claims", { claimed: post.claimed,
    capacity: post.capacity })}</span></span>
        ${claim}${icon("chevron")}</summary>
      ${post.description ? html`<p class="diary-body">${post.description}</p>` : ""}
      <dl class="facts">
        ${post.skills ? html`<div><dt>${t("duty.post.skills")}</dt><dd>${post.skills}</dd></div>`
    : ""}
        ${post.contact_role ? html`<div><dt>${t("duty.post.contact")}</dt><dd>${
      post.contact_role}</dd></div>` : ""}</dl>
      ${refused ? html`<p class="duty-note duty-refused" data-why>${t("duty.refused_because",
      { reason: post.local.reason })}</p>` : ""}
      ${!post.mine && post.active ? html`<button type="button" class="btn ${full
        ? "btn-secondary" : "btn-primary"} btn-block" data-action="claim" data-post-id="${
        post.id}" ${full ? "disabled" : ""}>${full ? t("duty.claim.full_button")
        : t("duty.claim.do")}</button>` : ""}
      ${shifts}
    </details></li>`;
}

/** My duty records the server refused, with its reasons and the way to settle them. */
export function refusedNotice(refused) {
  if (!refused.length) return "";
  return html`<section class="card notice duty-refused-list" role="alert" data-refused>
    <p><strong>${t("duty.refused_title", { count: refused.length })}</strong></p>
    <ul>${refused.map((entry) => html`<li>${t("duty.refused_item", {
      what: t(`duty.entity.${entry.entity}`), reason: entry.reason })}</li>`)}</ul>
    <a class="btn btn-secondary" href="#/sync">${t("duty.refused_open")}</a></section>`;
}

/** Act on the buttons of shifts and posts under slot (sign up, cancel, claim), on the phone
 *  (offline too); stateOf() gives what was drawn (dutyState), repaint() draws again. */
export function onDutyActions(slot, stateOf, repaint) {
  slot.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-action]");
    const state = stateOf();
    if (!button || !state) return;
    const shift = state.shifts.find((s) => s.id === button.dataset.shift);
    const action = button.dataset.action;
    if (action === "cancel" && shift?.mine) {
      if (!window.confirm(t("duty.signup.cancel_confirm", { when: span(shift) }))) return;
      button.disabled = true;
      await cancelSignup(shift.mine);
    } else if (action === "signup" && shift) {
      button.disabled = true;
      await signUp(shift.id);
    } else if (action === "claim" && button.dataset.postId) {
      button.disabled = true;
      await claimPost(button.dataset.postId);
    } else return;
    toast(t("duty.saved_offline"));
    repaint();
  });
}

// 报到与岗位 for community staff: registrations to decide (online), the posts and shifts of their
// community (on the phone, offline too: 新建岗位, 编辑, 新建班次, 取消班次), who signed up for a
// shift with its waiting list, the members without a post this year, and the community's
// settings (the cut-off for cancelling, the check-in tolerance; online).
//   #/duty-admin?tab=registrations|posts|without|settings   (&node=<id>: one of my communities)
//   #/duty-admin?tab=posts&edit=<post id>|new   a post's form
//   #/duty-admin?tab=posts&new_shift=<post id>  a new shift of a post
//   #/duty-admin?tab=posts&post=<post id>       a post with all its shifts to come
//   #/duty-admin?tab=posts&shift=<shift id>     a shift's sign-ups
import { backLink, submitRequest } from "../admin/common.js";
import { api } from "../api.js";
import { recordGet, recordsOf } from "../db.js";
import { drawIfChanged, html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import { onSync } from "../screen.js";
import { currentUser } from "../session.js";
import { registrationsList, signupsList, withoutPostList } from "../widgets/duty-admin-lists.js";
import { DUTY, knownCommunities } from "../widgets/duty-community.js";
import { dutyStyles, shiftTime } from "../widgets/duty-parts.js";
import {
  bindPostForm, bindShiftForm, cancelShift, communityPosts, postForm, shiftForm, shiftsByPost,
} from "../widgets/duty-post-form.js";

const TABS = ["registrations", "posts", "without", "settings"];

function address(params, changes) {
  const query = new URLSearchParams({ ...params, ...changes });
  [...query.keys()].filter((key) => query.get(key) === "").forEach((key) => query.delete(key));
  return `duty-admin?${query}`;
}

function tabs(current, node) {
  return html`<div class="segmented segmented-block" role="group" data-tabs>${TABS.map((tab) =>
    html`<button type="button" data-tab="${tab}" aria-pressed="${tab === current}"
      data-node="${node ?? ""}">${t(`duty.admin.tab.${tab}`)}</button>`)}</div>`;
}

function communityPicker(communities, nodeId) {
  if (communities.length < 2) return "";
  return html`<label class="field"><span class="field-label">${t("duty.admin.community")}</span>
    <select name="node" data-node-picker>${communities.map((c) => html`<option value="${c.id}"
      ${c.id === nodeId ? "selected" : ""}>${c.name}</option>`)}</select></label>`;
}

function shiftItem(record) {
  const { data } = record;
  const waiting = record.waiting ? t("duty.shift.waiting_count", { count: record.waiting }) : "";
  return html`<li class="duty-shift" data-shift-row="${record.id}"
      data-cancelled="${Boolean(data.cancelled)}">
    <div class="duty-shift-head"><span class="row-text"><strong>${shiftTime(data)}</strong>
      <span class="muted duty-count" data-places>${data.cancelled ? t("duty.shift.cancelled")
    : t("duty.admin.taken", { taken: record.taken, capacity: data.capacity })}${waiting}</span>
      ${record.status !== "synced" ? html`<span class="status status-${record.status}">${
      t(`diary.status.${record.status}`)}</span>` : ""}</span></div>
    ${data.cancelled ? "" : html`<div class="entry-actions">
      <a class="btn btn-secondary" href="#/duty-admin?tab=posts&shift=${record.id}">${
        t("duty.admin.signups")}</a>
      <button type="button" class="btn btn-danger" data-cancel-shift="${record.id}">${
        t("duty.admin.cancel_shift")}</button></div>`}</li>`;
}

// A post's shifts listed in the list of posts (the rest on the post's own page).
const SHIFTS_SHOWN = 3;

function postItem(record, shifts, whole) {
  const { data } = record;
  const shown = whole ? shifts : shifts.slice(0, SHIFTS_SHOWN);
  return html`<li class="card duty-card" data-post="${record.id}">
    <p class="entry-title">${data.title} <span class="chip ${data.active ? "chip-kind"
      : "chip-muted"}">${data.active ? data.year : t("duty.admin.inactive")}</span>${
      record.status !== "synced" ? html` <span class="status status-${record.status}">${
        t(`diary.status.${record.status}`)}</span>` : ""}</p>
    <p class="muted">${[data.place, t("duty.admin.claim_capacity", { capacity: data.capacity })]
    .filter(Boolean).join(" · ")}</p>
    <div class="button-row">
      <a class="btn btn-secondary" href="#/duty-admin?tab=posts&edit=${record.id}">${icon("edit")}${
        t("duty.admin.edit")}</a>
      ${data.active ? html`<a class="btn btn-primary" href="#/duty-admin?tab=posts&new_shift=${
        record.id}">${icon("plus")}${t("duty.admin.add_shift")}</a>` : ""}
      ${record.status === "synced" ? html`<a class="btn btn-secondary" target="_blank"
        rel="noopener" href="/api/duty/posts/${record.id}/poster">${icon("download")}${
        t("duty.admin.poster")}</a>` : ""}</div>
    ${shown.length ? html`<ul class="duty-shifts">${shown.map(shiftItem)}</ul>`
    : html`<p class="muted">${t("duty.admin.no_shifts")}</p>`}
    ${shifts.length > shown.length ? html`<a class="btn btn-secondary btn-block"
      href="#/duty-admin?tab=posts&post=${record.id}" data-all-shifts>${t("duty.admin.all_shifts",
      { count: shifts.length })}</a>` : ""}</li>`;
}

async function drawPosts(slot, uid, nodeId, params) {
  const [posts, byPost] = await Promise.all([communityPosts(uid, nodeId), shiftsByPost(uid)]);
  const one = params.post ? posts.filter((record) => record.id === params.post) : null;
  const items = (one ?? posts).map((record) => postItem(record, byPost.get(record.id) ?? [],
    Boolean(one)));
  const top = one ? backLink(address(params, { post: "" }), t("duty.admin.tab.posts"))
    : html`<a class="btn btn-primary btn-block" href="#/${address(params, { edit: "new" })}">${
      icon("plus")}${t("duty.admin.new_post")}</a>
      <p class="muted">${t("duty.admin.posts_offline")}</p>`;
  drawIfChanged(slot, html`${top}${items.length ? html`<ul class="duty-stack" data-posts>${
    items}</ul>` : html`<p class="card muted empty">${t("duty.admin.no_posts")}</p>`}`);
}

async function drawSettings(slot, nodeId) {
  let answer;
  try {
    answer = await api(`/api/duty/settings/${nodeId}`);
  } catch (error) {
    draw(slot, html`<p class="card notice notice-warn">${error.message}</p>`);
    return;
  }
  const { settings } = answer;
  const max = DUTY.settings;
  draw(slot, html`<form class="card form" data-form="settings" novalidate>
    <p class="form-error" role="alert" hidden></p>
    <label class="field"><span class="field-label">${t("duty.admin.cutoff")}</span>
      <input name="signup_cutoff_hours" type="number" inputmode="numeric" min="0"
        max="${max.cutoff_hours_max}" value="${settings.signup_cutoff_hours}">
      <span class="field-error" data-error-for="signup_cutoff_hours"></span>
      <span class="field-hint">${t("duty.admin.cutoff_hint", { max: max.cutoff_hours_max })}
      </span></label>
    <label class="field"><span class="field-label">${t("duty.admin.tolerance")}</span>
      <input name="checkin_tolerance_minutes" type="number" inputmode="numeric" min="0"
        max="${max.tolerance_minutes_max}" value="${settings.checkin_tolerance_minutes}">
      <span class="field-error" data-error-for="checkin_tolerance_minutes"></span>
      <span class="field-hint">${t("duty.admin.tolerance_hint",
    { max: max.tolerance_minutes_max })}</span></label>
    <button class="btn btn-primary btn-block" type="submit">${t("admin.save")}</button></form>`);
  const form = slot.querySelector("form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { signup_cutoff_hours: Number(form.signup_cutoff_hours.value),
      checkin_tolerance_minutes: Number(form.checkin_tolerance_minutes.value) };
    const saved = await submitRequest(form, () => api(`/api/duty/settings/${nodeId}`,
      { method: "PUT", body }));
    if (saved) {
      toast(t("admin.saved"));
      drawSettings(slot, nodeId);
    }
  });
}

async function drawForm(slot, uid, nodeId, params) {
  const back = address(params, { edit: "", new_shift: "" });
  const done = () => { toast(t("duty.saved_offline")); navigate(back); };
  if (params.edit) {
    const record = params.edit === "new" ? null : await recordGet(uid, "duty_post", params.edit);
    const values = record ? { ...record.data, id: record.id } : { node_id: nodeId };
    draw(slot, html`${backLink(back, t("duty.admin.tab.posts"))}${postForm(values)}`);
    bindPostForm(slot.querySelector("form"), values, done);
    return;
  }
  const post = await recordGet(uid, "duty_post", params.new_shift);
  if (!post) return navigate(back);
  const teams = (await recordsOf(uid, "duty_team").catch(() => []))
    .filter((r) => r.data.node_id === post.data.node_id && !r.data.deleted);
  draw(slot, html`${backLink(back, t("duty.admin.tab.posts"))}${shiftForm(post, teams)}`);
  bindShiftForm(slot.querySelector("form"), post, done);
  return undefined;
}

async function drawTab(slot, uid, nodeId, params) {
  const tab = params.tab;
  if (tab === "registrations") return registrationsList(slot);
  if (tab === "without") return withoutPostList(slot);
  if (tab === "settings") return drawSettings(slot, nodeId);
  if (params.edit || params.new_shift) return drawForm(slot, uid, nodeId, params);
  if (params.shift) {
    const shift = await recordGet(uid, "duty_shift", params.shift);
    const back = backLink(address(params, { shift: "" }), t("duty.admin.tab.posts"));
    if (!shift) {   // not on this phone yet: its first sync brings it (render asks again)
      draw(slot, html`${back}<p class="card muted empty" data-shift-missing>${
        t("duty.admin.shift_not_here")}</p>`);
      return "missing";
    }
    draw(slot, html`${back}<div data-signups></div>`);
    await signupsList(slot.querySelector("[data-signups]"), uid, shift.data);
    return undefined;
  }
  return drawPosts(slot, uid, nodeId, params);
}

/** Draw the staff's duty screen; the posts and shifts again after each sync. */
export async function render(root, params, signal) {
  dutyStyles();
  const user = currentUser();
  const uid = user.id;
  const tab = TABS.includes(params.tab) ? params.tab : "registrations";
  const { communities } = await knownCommunities(uid);
  const list = communities ?? [{ id: user.node.id, name: user.node.name }];
  const nodeId = Number(params.node) || list.find((c) => c.id === user.node.id)?.id
    || list[0]?.id || user.node.id;
  const here = { ...params, tab };
  draw(root, html`${tabs(tab, params.node)}${communityPicker(list, nodeId)}
    <p class="notice notice-warn only-offline">${t("duty.admin.online_note")}</p>
    <div class="duty-stack" data-tab-body></div>`);
  const slot = root.querySelector("[data-tab-body]");
  root.querySelector("[data-tabs]").addEventListener("click", (event) => {
    const button = event.target.closest("[data-tab]");
    if (button) navigate(address({ node: params.node ?? "" }, { tab: button.dataset.tab }));
  });
  root.querySelector("[data-node-picker]")?.addEventListener("change", (event) => {
    navigate(address({ tab }, { node: event.target.value }));
  });
  slot.addEventListener("click", async (event) => {
    const id = event.target.closest("[data-cancel-shift]")?.dataset.cancelShift;
    if (!id) return;
    const record = await recordGet(uid, "duty_shift", id);
    if (!record || !window.confirm(t("duty.admin.cancel_confirm",
      { when: shiftTime(record.data) }))) return;
    await cancelShift(record);
    toast(t("duty.saved_offline"));
    drawPosts(slot, uid, nodeId, here);
  });
  const drawn = await drawTab(slot, uid, nodeId, here);
  if (tab === "posts" && !params.edit && !params.new_shift && !params.shift) {
    onSync(signal, () => drawPosts(slot, uid, nodeId, here));
  } else if (drawn === "missing") {
    onSync(signal, () => slot.querySelector("[data-shift-missing]")
      && drawTab(slot, uid, nodeId, here));
  }
}

// 服务岗位: the posts of this year of the community I am registered with, each with what it
// asks, its claims and my claim (认领), and its shifts of the coming weeks with the places left,
// where I sign up (or join the waiting list of a full one) and cancel mine. Drawn from the kept
// answer and my own records: it works offline, and what I do is sent with the next sync, when
// the server decides (a place taken meanwhile puts me on the waiting list, and says so).
//   #/duty-posts              every post, closed
//   #/duty-posts?post=<id>    one post opened
import { drawIfChanged, html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { SYNC_DATA, onSync } from "../screen.js";
import { currentUser } from "../session.js";
import { DUTY, cutoffHours, dutyState, isAhead } from "../widgets/duty-community.js";
import {
  dutyStyles, onDutyActions, postCard, refusedNotice, shiftRow,
} from "../widgets/duty-parts.js";

function shiftsOf(state, post) {
  const settings = state.answer?.settings;
  const shifts = state.shifts.filter((s) => s.post_id === post.id && (isAhead(s) || s.mine));
  if (!shifts.length) return html`<p class="muted">${t("duty.posts.no_shifts")}</p>`;
  return html`<h3 class="section-title">${t("duty.posts.shifts",
    { days: DUTY.shift.community_days })}</h3>
    <ul class="duty-shifts" data-shifts>${shifts.map((s) => shiftRow(s, { settings }))}</ul>`;
}

function template(state, opened) {
  if (!state.answer) {
    return html`<p class="card notice notice-warn" data-stale>${
      t("duty.hub.never_fetched")}</p>`;
  }
  if (!state.answer.community || !state.standing.current) {
    return html`<div class="card empty"><p>${t("duty.posts.not_registered")}</p>
      <a class="btn btn-primary" href="#/duty">${t("duty.reg.title")}</a></div>`;
  }
  const { community, year, settings } = state.answer;
  const posts = state.posts.filter((p) => p.active || p.mine);
  return html`${refusedNotice(state.refused)}
    <section class="card duty-card">
      <h2 data-community>${t("duty.posts.heading", { community: community.name, year })}</h2>
      <p class="muted">${t("duty.posts.hint", { hours: cutoffHours(settings) })}</p>
      ${state.offline ? html`<p class="notice notice-warn" data-stale>${
        t("duty.posts.offline")}</p>` : ""}</section>
    ${posts.length ? html`<ul class="duty-stack" data-posts>${posts.map((post) => postCard(post,
      { open: opened.has(post.id), shifts: opened.has(post.id) ? shiftsOf(state, post) : "" }))}
      </ul>`
    : html`<p class="card muted empty">${t("duty.posts.none")}</p>`}`;
}

/** Draw the posts of my community; drawn again after each sync and each of my changes. */
export async function render(root, params, signal) {
  dutyStyles();
  const uid = currentUser().id;
  draw(root, html`<div class="duty-stack" data-duty-posts></div>`);
  const slot = root.querySelector("[data-duty-posts]");
  let state = null;
  let asked = 0;
  // Posts opened stay open when the screen is drawn again (a sync, a sign-up); only their
  // shifts are drawn (a busy community has thousands in the coming weeks).
  const opened = new Set(params.post ? [params.post] : []);
  slot.addEventListener("click", (event) => {   // a tap on a post's head opens or closes it
    const id = event.target.closest("summary")?.closest("[data-post]")?.dataset.post;
    if (!id || !state) return;
    event.preventDefault();
    if (opened.has(id)) opened.delete(id);
    else opened.add(id);
    drawIfChanged(slot, template(state, opened));
  });
  const paint = async (refresh) => {
    const mine = ++asked;
    const next = await dutyState(uid, { refresh });
    if (signal.aborted || mine !== asked) return;
    state = next;
    drawIfChanged(slot, template(state, opened));
  };
  onDutyActions(slot, () => state, () => paint(false));
  await paint(false);
  onSync(signal, () => paint(true), [...SYNC_DATA, "online"]);
  await paint(true);
}

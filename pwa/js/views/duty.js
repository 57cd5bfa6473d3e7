// 我的服务 (双报到, §3): for an in-service member, where they stand with their residential
// community (报到: register, waiting, approved, declined with the staff's reason; moving is a
// new registration), the posts they claimed this year (the seed asks one a year), their next
// shifts with a cancel while the community's cut-off allows, their hours (widgets/duty-hours.js)
// and pledges (widgets/duty-pledges.js). Drawn from the kept answer and the phone's own
// records, so it works offline; what is done here is sent with the next sync. Community staff
// find their screens here too.
import { formatDateTime } from "../format.js";
import { drawIfChanged, html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { ROUTES } from "../routes.js";
import { SYNC_DATA, onSync } from "../screen.js";
import { currentUser, hasRole } from "../session.js";
import {
  DUTY, dutyState, isAhead, knownCommunities, registerWith,
} from "../widgets/duty-community.js";
import { hoursSection } from "../widgets/duty-hours.js";
import {
  dutyStyles, onDutyActions, refusedNotice, shiftRow,
} from "../widgets/duty-parts.js";
import { pledgesSection } from "../widgets/duty-pledges.js";

// How many of my next shifts the hub lists (the rest are on the posts' screen).
const NEXT_SHIFTS = 5;
// The screens of the other parts of duty, linked when they exist: for members, for staff.
const MEMBER_LINKS = [["duty-scan", "duty.scan.title", "camera"],
  ["duty-teams", "duty.teams.title", "users"]];
const STAFF_LINKS = [["duty-admin", "duty.admin.title", "register"],
  ["duty-hours-admin", "duty.admin_hours.title", "key"],
  ["duty-teams", "duty.teams.title", "users"],
  ["duty-pledges-admin", "duty.pledges_admin.title", "diary"]];

function links(list) {
  const shown = list.filter(([path]) => ROUTES.some((r) => r.path === path
    && (!r.roles || hasRole(r.roles))));
  return html`<nav class="button-row duty-links" data-links>${shown.map(([path, title, name]) =>
    html`<a class="btn btn-secondary" href="#/${path}">${icon(name)}${t(title)}</a>`)}</nav>`;
}

function communityOptions(communities, exclude) {
  return communities.filter((c) => c.id !== exclude).map((c) => html`<option value="${c.id}"
    >${c.township ? t("duty.reg.community_of", { township: c.township, name: c.name })
    : c.name}</option>`);
}

/** The form to register with a community (offline too, once the list has been fetched). */
function registerForm(communities, exclude = null) {
  if (!communities) {
    return html`<p class="notice notice-warn" data-no-communities>${
      t("duty.reg.needs_network")}</p>`;
  }
  const options = communityOptions(communities, exclude);
  if (!options.length) return html`<p class="muted">${t("duty.reg.no_communities")}</p>`;
  return html`<form class="form" data-form="register" novalidate>
    <label class="field"><span class="field-label">${t("duty.reg.choose")}</span>
      <select name="node_id">${options}</select></label>
    <button class="btn btn-primary btn-block" type="submit">${t("duty.reg.submit")}</button>
    <p class="muted">${t("duty.reg.offline_hint")}</p></form>`;
}

function registrationCard(state, communities) {
  const { kind, current, latest, refused } = state.standing;
  const status = {
    none: html`<p data-reg-state="none">${t("duty.reg.none")}</p>`,
    pending: html`<p data-reg-state="pending">${t(latest?.local.state === "sending"
      ? "duty.reg.sending" : "duty.reg.pending", { community: latest?.community ?? "" })}</p>
      ${current ? html`<p class="muted">${t("duty.reg.moving", { community: current.community })
      }</p>` : ""}`,
    approved: html`<p data-reg-state="approved"><strong>${t("duty.reg.approved",
      { community: current?.community ?? "" })}</strong></p>`,
    declined: html`<p class="duty-refused" data-reg-state="declined">${t("duty.reg.declined",
      { community: latest?.community ?? "", reason: latest?.reason ?? "" })}</p>`,
    refused: html`<p class="duty-refused" data-reg-state="refused">${t("duty.refused_because",
      { reason: refused?.local.reason ?? "" })}</p>`,
  }[kind];
  const form = ["none", "declined", "refused"].includes(kind) ? registerForm(communities)
    : kind === "approved" ? html`<details class="disclosure" data-move>
      <summary>${t("duty.reg.move")}</summary><p class="muted">${t("duty.reg.move_hint")}</p>
      ${registerForm(communities, current?.node_id)}</details>` : "";
  return html`<section class="card duty-card" data-registration>
    <h2>${t("duty.reg.title")}</h2>${status}${form}</section>`;
}

function claimsCard(state) {
  const year = state.answer?.year ?? "";
  const claims = state.claims.filter((c) => c.local.state !== "refused");
  const needed = DUTY.posts_per_member_year;
  return html`<section class="card duty-card ${claims.length < needed ? "duty-warn" : ""}"
      data-claims-card>
    <h2>${t("duty.hub.claims_title", { year })}</h2>
    ${claims.length ? html`<ul class="chips" data-my-claims>${claims.map((c) => html`<li
      class="chip ${c.local.state === "sending" ? "chip-muted" : "chip-kind"}">${c.title}${
      c.local.state === "sending" ? t("duty.hub.not_sent") : ""}</li>`)}</ul>` : ""}
    ${claims.length < needed ? html`<p class="notice notice-warn" data-no-claim>${
      t("duty.hub.claim_needed", { count: needed })}</p>` : ""}
    <a class="btn btn-secondary btn-block" href="#/duty-posts">${t("duty.hub.open_posts")}</a>
  </section>`;
}

function nextShiftsCard(state) {
  const settings = state.answer?.settings;
  const mine = state.shifts.filter((s) => s.mine && s.mine.status !== "cancelled"
    && isAhead(s)).slice(0, NEXT_SHIFTS);
  return html`<section class="card duty-card" data-next-shifts>
    <h2>${t("duty.hub.next_title")}</h2>
    ${mine.length ? html`<ul class="duty-shifts">${mine.map((s) => shiftRow(s,
      { settings, withPost: true }))}</ul>`
    : html`<p class="muted">${t("duty.hub.no_shifts")}</p>`}</section>`;
}

function freshness(state) {
  if (!state.offline) return "";
  if (!state.answer) {
    return html`<p class="notice notice-warn" data-stale>${t("duty.hub.never_fetched")}</p>`;
  }
  return html`<p class="muted status-line" data-stale>${t("duty.hub.kept_at",
    { when: formatDateTime(state.answer.fetched_at ?? Date.now()) })}</p>`;
}

function memberTemplate(state, communities, hours, pledges) {
  const approved = state.standing.current && state.answer?.community;
  return html`${refusedNotice(state.refused)}
    ${registrationCard(state, communities)}
    ${approved ? html`${claimsCard(state)}${nextShiftsCard(state)}` : ""}
    ${hours}${pledges}${links(MEMBER_LINKS)}${freshness(state)}`;
}

function staffTemplate() {
  return html`<section class="card duty-card" data-staff>
    <h2>${t("duty.hub.staff_title")}</h2><p class="muted">${t("duty.hub.staff_hint")}</p>
    ${links(STAFF_LINKS)}</section>`;
}

/** Draw 我的服务; drawn again from the kept answer and my records after each sync. */
export async function render(root, params, signal) {
  dutyStyles();
  const user = currentUser();
  const uid = user.id;
  const member = hasRole(DUTY.members);
  draw(root, html`<div class="duty-stack" data-hub>
    <div class="duty-stack" data-member></div>${hasRole(DUTY.staff) ? staffTemplate() : ""}
  </div>`);
  const slot = root.querySelector("[data-member]");
  if (!member) return;
  let communities = null;
  let state = null;
  let asked = 0; // paints asked for: only the last one draws
  const paint = async (refresh) => {
    const mine = ++asked;
    const [next, hours, pledges] = await Promise.all([
      dutyState(uid, { refresh, communities }),
      hoursSection(uid, user).catch(() => html``), pledgesSection(uid, user).catch(() => html``)]);
    if (signal.aborted || mine !== asked) return;
    state = next;
    drawIfChanged(slot, memberTemplate(state, communities, hours, pledges));
  };
  listen(slot, () => state, () => paint(false));
  await paint(false);
  onSync(signal, () => paint(true), [...SYNC_DATA, "online"]);
  communities = (await knownCommunities(uid)).communities;
  await paint(true);
}

function listen(slot, stateOf, repaint) {
  slot.addEventListener("submit", async (event) => {
    if (event.target.dataset.form !== "register") return;
    event.preventDefault();
    const nodeId = Number(event.target.node_id.value);
    if (!nodeId) return;
    event.target.querySelector("button[type=submit]").disabled = true;
    await registerWith(nodeId);
    toast(t("duty.saved_offline"));
    repaint();
  });
  onDutyActions(slot, stateOf, repaint);
}

// 服务队 (党员志愿服务队): a community's volunteer teams.
// Staff: the teams on the phone (synced, offline too) with their leader and members, 新建 and
// 编辑 (widgets/duty-team-form.js), and the way to the pledges that wait for them.
// Members: the teams of my community, as the server shows them to me (names in full only in
// my own teams), remembered for offline use.
//   #/duty-teams              the teams
//   #/duty-teams?new=1        staff: a new team
//   #/duty-teams?edit=<id>    staff: edit one
import { api, OfflineError } from "../api.js";
import { kvGet, kvSet, recordGet, recordsOf } from "../db.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import RULES from "../rules.js";
import { onSync } from "../screen.js";
import { currentUser, hasRole } from "../session.js";
import { knownMembers, nameOf, refreshMembers, teamForm } from "../widgets/duty-team-form.js";

const STAFF = RULES.duty.staff;

function names(people) {
  return people.map((p) => p.name).join(t("syncui.separator"));
}

function staffCard(record, members) {
  const { data, status } = record;
  const people = (data.members ?? []).map((id) => ({ name: nameOf(members, id, data) }));
  return html`<li class="card" data-team="${data.id}">
    <p class="entry-title"><strong>${data.name}</strong>${status && status !== "synced"
      ? html` <span class="status status-${status}">${t(`diary.status.${status}`)}</span>` : ""}
    </p>
    <p class="muted">${t("duty.teams.leader", { name: nameOf(members, data.leader_id, data) })} · ${t(
      "duty.teams.size", { count: people.length })}</p>
    <p class="diary-body">${names(people)}</p>
    <a class="btn btn-secondary" href="#/duty-teams?edit=${data.id}">${icon("edit")}${t(
      "duty.teams.edit")}</a></li>`;
}

async function drawStaff(root, uid) {
  const [records, members] = await Promise.all([recordsOf(uid, "duty_team"), knownMembers(uid)]);
  const teams = records.filter((r) => !r.data.deleted)
    .sort((a, b) => String(a.data.name).localeCompare(String(b.data.name), "zh-CN"));
  draw(root, html`
    <div class="button-row">
      <a class="btn btn-primary" href="#/duty-teams?new=1">${icon("plus")}${t("duty.teams.new")}</a>
      <a class="btn btn-secondary" href="#/duty-pledges-admin">${t("duty.pledges_admin.title")}</a>
    </div>
    ${teams.length ? html`<ul class="user-list" data-teams>${teams.map((r) => staffCard(r,
      members))}</ul>` : html`<p class="card muted empty">${t("duty.teams.none")}</p>`}`);
}

function memberCard(team) {
  return html`<li class="card" data-team="${team.id}" data-mine="${team.mine}">
    <p class="entry-title"><strong>${team.name}</strong>${team.mine ? html` <span
      class="chip">${t("duty.teams.mine")}</span>` : ""}</p>
    <p class="muted">${t("duty.teams.leader", { name: team.leader.name })} · ${t(
      "duty.teams.size", { count: team.size })}</p>
    <p class="diary-body">${names(team.members)}</p></li>`;
}

/** The teams of my community: the server's answer, remembered; the remembered one offline. */
async function memberTeams(uid) {
  const key = `duty-teams:${uid}`;
  try {
    const answer = await api("/api/duty/teams");
    await kvSet(key, answer).catch(() => {});
    return { answer, offline: false };
  } catch (error) {
    if (!(error instanceof OfflineError)) throw error;
    return { answer: await kvGet(key).catch(() => undefined), offline: true };
  }
}

async function drawMember(root, uid, signal) {
  draw(root, html`<p class="muted admin-loading" role="status">${t("admin.loading")}</p>`);
  const { answer, offline } = await memberTeams(uid);
  // Offline: asked again when the connection comes back.
  if (offline) window.addEventListener("online", () => drawMember(root, uid, signal),
    { once: true, signal });
  const teams = [...(answer?.teams ?? [])].sort((a, b) => Number(b.mine) - Number(a.mine));
  draw(root, html`
    ${offline ? html`<p class="notice notice-warn">${t(answer ? "duty.teams.offline_kept"
      : "duty.teams.offline")}</p>` : ""}
    ${teams.length ? html`<ul class="user-list" data-teams>${teams.map(memberCard)}</ul>`
      : answer ? html`<p class="card muted empty">${t("duty.teams.none")}</p>` : ""}`);
}

/** Draw the screen. */
export async function render(root, params = {}, signal) {
  const uid = currentUser().id;
  if (!hasRole(STAFF)) return drawMember(root, uid, signal);
  if (params.new || params.edit) {
    await refreshMembers(uid);
    const record = params.edit ? await recordGet(uid, "duty_team", params.edit) : null;
    return teamForm(root, uid, record ?? null);
  }
  await drawStaff(root, uid);
  onSync(signal, () => drawStaff(root, uid));
  // Names for the cards and the editor, remembered for offline use.
  refreshMembers(uid).then(() => root.isConnected && drawStaff(root, uid));
  return undefined;
}

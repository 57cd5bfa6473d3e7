// A community's staff edit a volunteer team (党员志愿服务队, qzapp/duty/teams.py): its name, its
// leader and its members, picked from the members approved with the community (remembered on
// the phone from GET /api/duty/members, so the editor works offline once it has been online).
// Saved on the phone through the outbox like any synced record.
import { api } from "../api.js";
import { kvGet, kvSet } from "../db.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { saveLocal } from "../outbox.js";
import { navigate } from "../router.js";
import RULES from "../rules.js";

const TEAM = RULES.duty.team;

function membersKey(uid) {
  return `duty-members:${uid}`;
}

/** The members a team may take, as last remembered ([{id, name, node_id}], maybe none). */
export async function knownMembers(uid) {
  return (await kvGet(membersKey(uid)).catch(() => undefined)) ?? [];
}

/** Fetch the members a team may take and remember them; the remembered ones offline. */
export async function refreshMembers(uid) {
  try {
    const { members } = await api("/api/duty/members");
    await kvSet(membersKey(uid), members).catch(() => {});
    return members;
  } catch {
    return knownMembers(uid);
  }
}

/** A name for a member id: from the list, else as the team record names them (a member who
 *  left the community), else the id. */
export function nameOf(members, id, team = null) {
  return members.find((m) => m.id === id)?.name ?? team?.names?.[String(id)] ?? `#${id}`;
}

/** The people the checkboxes offer: the approved members, and those of the team who are no
 *  longer (moved away), so that they can be taken off it. */
function choices(values, members, team) {
  const gone = values.members.filter((id) => !members.some((m) => m.id === id))
    .map((id) => ({ id, name: t("duty.teams.gone", { name: nameOf(members, id, team) }) }));
  return [...members, ...gone];
}

function template(values, members, { team, filter }) {
  const shown = choices(values, members, team).filter((m) => !filter || m.name.includes(filter));
  return html`
    <a class="back-link" href="#/duty-teams">${icon("back")}${t("duty.teams.title")}</a>
    <form class="card form" novalidate data-team-form>
      <h2 class="form-title">${t(team ? "duty.teams.edit" : "duty.teams.new")}</h2>
      <p class="form-error" role="alert" hidden></p>
      <label class="field"><span class="field-label">${t("duty.teams.field.name")}<span
        class="required" aria-hidden="true">*</span></span>
        <input name="name" value="${values.name}" maxlength="${TEAM.name_max}"
          autocomplete="off"><span class="field-error" data-error-for="name"></span></label>
      <label class="field"><span class="field-label">${t("duty.teams.field.leader")}<span
        class="required" aria-hidden="true">*</span></span>
        <select name="leader_id"><option value="">${t("duty.teams.pick_leader")}</option>
          ${members.map((m) => html`<option value="${m.id}" ${m.id === values.leader_id
            ? "selected" : ""}>${m.name}</option>`)}</select>
        <span class="field-error" data-error-for="leader_id"></span></label>
      <fieldset class="field role-picker">
        <legend class="field-label">${t("duty.teams.field.members", {
          count: values.members.length, max: TEAM.members_max })}</legend>
        <label class="search-box">${icon("search")}<input type="search" data-filter
          value="${filter}" placeholder="${t("duty.teams.filter")}"></label>
        <div class="checks" data-members>${shown.map((m) => html`<label
          class="check check-box"><input type="checkbox" name="members" value="${m.id}"
          ${values.members.includes(m.id) ? "checked" : ""}>${m.name}</label>`)}</div>
        <span class="field-error" data-error-for="members"></span></fieldset>
      <p class="muted">${t("diary.form.offline_hint")}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("diary.form.save")}</button>
    </form>`;
}

function problems(values) {
  const found = {};
  if (!values.name.trim()) found.name = t("field.required");
  if (!values.leader_id) found.leader_id = t("field.required");
  const size = new Set([values.leader_id, ...values.members].filter(Boolean)).size;
  if (size > TEAM.members_max) found.members = t("field.too_many", { max: TEAM.members_max });
  return found;
}

/** Draw the editor of a team (record: the stored one, null for a new team). */
export async function teamForm(root, uid, record) {
  const members = await knownMembers(uid);
  const values = { name: record?.data.name ?? "", leader_id: record?.data.leader_id ?? null,
    members: [...(record?.data.members ?? [])] };
  // A leader who moved away is chosen again (the server would refuse them).
  if (members.length && !members.some((m) => m.id === values.leader_id)) values.leader_id = null;
  let filter = "";
  const form = () => root.querySelector("form");
  const paint = () => {
    draw(root, html`${members.length ? "" : html`<p class="notice notice-warn">${t(
      "duty.teams.no_members")}</p>`}${template(values, members, { team: record?.data,
      filter })}`);
    form().addEventListener("change", (event) => {
      const { name, value, checked } = event.target;
      if (name === "leader_id") values.leader_id = value ? Number(value) : null;
      if (name === "members") {
        const id = Number(value);
        values.members = checked ? [...values.members, id] : values.members.filter((m) => m !== id);
        form().querySelector(".role-picker legend").textContent = t("duty.teams.field.members",
          { count: values.members.length, max: TEAM.members_max });
      }
    });
    form().addEventListener("input", (event) => {
      if (event.target.name === "name") values.name = event.target.value;
      if (event.target.matches("[data-filter]")) {
        filter = event.target.value.trim();
        paint();
        form().querySelector("[data-filter]").focus();
      }
    });
    form().addEventListener("submit", (event) => {
      event.preventDefault();
      submit(form(), values, record);
    });
  };
  paint();
}

async function submit(form, values, record) {
  const found = problems(values);
  if (Object.keys(found).length) {
    showErrors(form, t("diary.form.check"), found);
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await saveLocal("duty_team", { name: values.name.trim(), leader_id: values.leader_id,
      members: values.members.filter((m) => m !== values.leader_id) },
    { id: record?.id ?? null });
  } catch (error) {
    console.error("save", error);
    button.disabled = false;
    showErrors(form, t("diary.form.save_failed"));
    return;
  }
  toast(t("diary.form.saved"));
  navigate("duty-teams");
}

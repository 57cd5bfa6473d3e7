// 公开栏与海报: a village's desk for the public (民情公开栏, F4) — who receives the appeals its
// residents send from the board (the account named here, else the first secretary, else one
// at the township), the office hours its poster prints, and the poster itself (a page to
// print, an SVG file for a print shop) and the board. #/public-desk?node=<id>: admins pick a
// village of their subtree; a village's own first secretary and staff keep theirs. Online
// only, like the administration screens.
import { api } from "../api.js";
import { backLink, field, showFailure, showLoading, submitRequest } from "../admin/common.js";
import { fetchNodes } from "../admin/org.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import { currentUser, hasRole } from "../session.js";

// The longest office hours the server takes (qzapp/ledger/desk.py OFFICE_HOURS_MAX).
const HOURS_MAX = 100;

function back() {
  return hasRole(["admin"]) ? backLink("admin", t("nav.admin"))
    : backLink("cases", t("nav.cases"));
}

/** The active villages and communities of the admin's subtree, each named with its township. */
async function fetchVillages() {
  const nodes = await fetchNodes();
  const byId = new Map(nodes.map((node) => [node.id, node]));
  return nodes.filter((node) => node.kind === "village" && node.active).map((node) => ({
    id: node.id,
    label: byId.has(node.parent_id)
      ? t("desk.village_of", { township: byId.get(node.parent_id).name, village: node.name })
      : node.name,
  }));
}

function villagePicker(villages, nodeId) {
  return html`<section class="card">
    ${field("node", t("desk.node"), html`<select name="node">
      ${villages.map((v) => html`<option value="${v.id}" ${v.id === nodeId ? "selected" : ""}
        >${v.label}</option>`)}</select>`)}</section>`;
}

function roleName(role) {
  return role ? t(`role.${role}`) : "";
}

/** Who receives now: by name and role, and by unit when that is not the village. */
function receiverText(desk) {
  const who = desk.receiver_effective;
  if (!who) return t("desk.now_none");
  const values = { name: who.name, role: roleName(who.role), node: who.node_name };
  return t(who.node_id === desk.node_id ? "desk.now_named" : "desk.now_named_at", values);
}

function nowCard(desk) {
  const who = desk.receiver_effective;
  const text = receiverText(desk);
  return html`<section class="card ${who ? "" : "notice notice-warn"}" data-now
      ${who ? "" : html`role="alert"`}>
    <h2 class="form-title">${t("desk.now")}</h2><p data-receiver>${text}</p></section>`;
}

function candidateOption(candidate, chosen) {
  const roles = candidate.roles.map(roleName).join(t("desk.roles_separator"));
  return html`<option value="${candidate.id}" ${candidate.id === chosen ? "selected" : ""}
    >${t("desk.candidate", { name: candidate.name, roles })}</option>`;
}

function deskForm(desk) {
  const gone = desk.receiver_id && !desk.candidates.some((c) => c.id === desk.receiver_id);
  return html`<form class="card form" novalidate data-form="desk">
    <p class="form-error" role="alert" hidden></p>
    ${gone ? html`<p class="notice notice-warn" data-gone>${t("desk.receiver_gone",
      { name: desk.receiver_name ?? "" })}</p>` : ""}
    ${field("receiver_id", t("desk.receiver"), html`<select name="receiver_id">
      <option value="">${t("desk.receiver_default")}</option>
      ${desk.candidates.map((c) => candidateOption(c, desk.receiver_id))}</select>`,
      t("desk.receiver_hint"))}
    ${field("office_hours", t("desk.office_hours"), html`<textarea name="office_hours" rows="3"
      maxlength="${HOURS_MAX}">${desk.office_hours ?? ""}</textarea>`,
      t("desk.office_hours_hint"))}
    <button class="btn btn-primary btn-block" type="submit">${t("desk.save")}</button>
  </form>`;
}

function posterCard(nodeId) {
  const board = `/board/${nodeId}`;
  return html`<section class="card" data-poster>
    <h2 class="form-title">${t("desk.poster_title")}</h2>
    <p class="muted">${t("desk.poster_hint")}</p>
    <div class="button-row">
      <a class="btn btn-primary" href="${board}/poster" target="_blank" rel="noopener"
        >${icon("register")}${t("desk.print_poster")}</a>
      <a class="btn btn-secondary" href="${board}/poster.svg" download
        >${icon("download")}${t("desk.download_svg")}</a>
      <a class="btn btn-secondary" href="${board}" target="_blank" rel="noopener"
        >${icon("search")}${t("desk.view_board")}</a>
    </div></section>`;
}

function template(villages, desk) {
  return html`${back()}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    ${villages ? villagePicker(villages, desk.node_id) : html`<section class="card">
      <p class="node-name">${desk.node_name}</p></section>`}
    ${nowCard(desk)}
    ${deskForm(desk)}
    ${posterCard(desk.node_id)}`;
}

/** Draw the screen for a desk, and save its form; the server's answer is drawn again. */
function show(root, villages, desk) {
  draw(root, template(villages, desk));
  const form = root.querySelector("[data-form=desk]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const hours = form.office_hours.value.trim();
    const answer = await submitRequest(form, () => api(`/api/ledger/desks/${desk.node_id}`, {
      method: "PUT",
      body: { receiver_id: form.receiver_id.value ? Number(form.receiver_id.value) : null,
        office_hours: hours || null },
    }));
    if (!answer) return;
    show(root, villages, answer.desk);
    toast(t("admin.saved"));
  });
  root.querySelector("select[name=node]")?.addEventListener("change", (event) => {
    navigate(`public-desk?node=${event.target.value}`);
  });
}

/** Draw a village's desk: who receives its online appeals, its office hours, its poster. */
export async function render(root, params = {}) {
  showLoading(root);
  const admin = hasRole(["admin"]);
  let villages = null;
  let desk;
  try {
    villages = admin ? await fetchVillages() : null;
    if (villages && !villages.length) {
      return draw(root, html`${back()}<p class="card muted">${t("desk.no_villages")}</p>`);
    }
    const own = currentUser().node.id;
    const nodeId = Number(params.node)
      || (!villages || villages.some((v) => v.id === own) ? own : villages[0].id);
    ({ desk } = await api(`/api/ledger/desks/${nodeId}`));
  } catch (error) {
    return showFailure(root, error, () => render(root, params), back());
  }
  show(root, villages, desk);
  return undefined;
}

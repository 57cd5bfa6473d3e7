// 轮换提醒 (administrators, online): pairings overdue (past 24 months) and due (from 12 months)
// for rotation, each leading to its household to hand it over; and the stationed cadres
// (挂职蹲点) with the same rule, to end one or station another.
import { api } from "../api.js";
import { backLink, showFailure, showLoading } from "../admin/common.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { rotationChip } from "../households/history.js";
import { allHouseholds } from "../households/local.js";
import { nodeMap, nodeName, refreshNodes } from "../households/nodes.js";
import { currentUser } from "../session.js";

function pairingRow(pairing, names) {
  return html`<li><a class="list-row list-link rotation-row" data-id="${pairing.id}"
      data-rotation="${pairing.rotation}" href="#/household?id=${pairing.household_id}">
    <span class="row-text">
      <strong>${names.get(pairing.household_id) || "—"}</strong>
      <span class="muted">${t("rotation.pairing_line", { name: pairing.cadre_name || "—",
        date: pairing.start_date })}</span>
      <span class="chips">${rotationChip(pairing.rotation)}</span>
    </span>${icon("chevron")}</a></li>`;
}

function stationRow(station, byId) {
  return html`<li class="list-row station-row" data-id="${station.id}"
      data-rotation="${station.rotation}">
    <span class="row-text">
      <strong>${station.cadre_name || "—"}</strong>
      <span class="muted">${[nodeName(byId, station.node_id), station.post].filter(Boolean)
        .join(" · ")}</span>
      <span class="muted">${t("rotation.station_line", { date: station.start_date,
        end: station.planned_end_date || "—" })}</span>
      <span class="chips">${rotationChip(station.rotation)}</span>
    </span>
    <a class="btn btn-danger station-end" href="#/admin/stationing?id=${station.id}">
      ${t("station.end")}</a></li>`;
}

function list(items, rowOf, empty) {
  return items.length ? html`<ul class="card list rotation-list">${items.map(rowOf)}</ul>`
    : html`<p class="card muted">${empty}</p>`;
}

function template({ overdue, due, stationings, names, byId }) {
  return html`
    ${backLink("admin", t("nav.admin"))}
    <h2 class="section-title">${t("rotation.overdue_title", { count: overdue.length })}</h2>
    ${list(overdue, (p) => pairingRow(p, names), t("rotation.none"))}
    <h2 class="section-title">${t("rotation.due_title", { count: due.length })}</h2>
    ${list(due, (p) => pairingRow(p, names), t("rotation.none"))}
    <h2 class="section-title">${t("rotation.stationings_title",
      { count: stationings.length })}</h2>
    <a class="btn btn-primary btn-block" href="#/admin/stationing">
      ${icon("plus")}${t("station.new")}</a>
    ${list(stationings, (s) => stationRow(s, byId), t("rotation.no_stationings"))}`;
}

async function load(uid) {
  const [overdue, due, stationed] = await Promise.all([
    api("/api/pairings?status=overdue"), api("/api/pairings?status=due"),
    api("/api/stationings")]);
  const names = new Map((await allHouseholds(uid)).map((r) => [r.id, r.data.head_name]));
  const order = { overdue: 0, due: 1, ok: 2 };
  const stationings = stationed.stationings
    .sort((a, b) => order[a.rotation] - order[b.rotation]);
  return { overdue: overdue.pairings, due: due.pairings, stationings, names,
    byId: nodeMap(await refreshNodes(uid)) };
}

/** Draw the rotation list. */
export async function render(root) {
  showLoading(root);
  try {
    draw(root, template(await load(currentUser().id)));
  } catch (error) {
    await showFailure(root, error, () => render(root), backLink("admin", t("nav.admin")));
  }
}

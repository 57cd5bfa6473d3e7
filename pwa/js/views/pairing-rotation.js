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
import { pagedList } from "../widgets/paged-list.js";

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

function template() {
  return html`
    ${backLink("admin", t("nav.admin"))}
    <div data-part="overdue"></div>
    <div data-part="due"></div>
    <div data-part="stationings"></div>`;
}

/** One page of a list as the paged list takes it: key names the answer's items. */
async function loadPage(path, key, cursor) {
  const { [key]: items, ...page } = await api(`${path}${cursor ? `&cursor=${cursor}` : ""}`);
  return { items, ...page };
}

/** The three lists, a page at a time: overdue, due, then every stationed cadre (oldest
 *  first, so those due for rotation on top). */
function lists(root, names, byId) {
  const part = (name) => root.querySelector(`[data-part="${name}"]`);
  const title = (key) => (total) => html`<h2 class="section-title">${t(key,
    { count: total })}</h2>`;
  const pairings = (status) => pagedList(part(status), {
    load: (cursor) => loadPage(`/api/pairings?status=${status}`, "pairings", cursor),
    row: (p) => pairingRow(p, names), head: title(`rotation.${status}_title`),
    empty: t("rotation.none"), className: "card list rotation-list" });
  return Promise.all([pairings("overdue"), pairings("due"), pagedList(part("stationings"), {
    load: (cursor) => loadPage("/api/stationings?", "stationings", cursor),
    row: (s) => stationRow(s, byId),
    head: (total) => html`${title("rotation.stationings_title")(total)}
      <a class="btn btn-primary btn-block" href="#/admin/stationing">
        ${icon("plus")}${t("station.new")}</a>`,
    empty: t("rotation.no_stationings"), className: "card list rotation-list" })]);
}

/** Draw the rotation lists. */
export async function render(root) {
  showLoading(root);
  try {
    const uid = currentUser().id;
    const names = new Map((await allHouseholds(uid)).map((r) => [r.id, r.data.head_name]));
    const byId = nodeMap(await refreshNodes(uid));
    draw(root, template());
    await lists(root, names, byId);
  } catch (error) {
    await showFailure(root, error, () => render(root), backLink("admin", t("nav.admin")));
  }
}

// 户籍台账: the households of the user's villages and grids on the phone (works offline),
// searched by head of household or address, filtered by difficulty type and by village or
// grid. Register keepers add households here; Excel export and import need the network.
import { drawIfChanged, html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { allHouseholds, openPairings } from "../households/local.js";
import { nodeMap, nodeName, nodesSoon } from "../households/nodes.js";
import { DIFFICULTY_TYPES, REGISTER_WRITERS } from "../households/rules.js";
import { onSync } from "../screen.js";
import { currentUser, hasRole } from "../session.js";
import { moreButton, onMoreRows, ROWS_PAGE } from "../widgets/more-rows.js";


function filterOf(params) {
  return { q: params.q || "", type: params.type || "", node: params.node || "" };
}

function matches(record, filter) {
  const data = record.data;
  const q = filter.q.trim();
  return (!q || (data.head_name || "").includes(q) || (data.address || "").includes(q))
    && (!filter.type || data.difficulty_type === filter.type)
    && (!filter.node || String(data.node_id) === filter.node);
}

function toolbar() {
  const writer = hasRole(REGISTER_WRITERS);
  return html`${writer ? html`<a class="btn btn-primary btn-block" href="#/household-edit">
      ${icon("plus")}${t("register.new")}</a>` : ""}
    <div class="button-row register-actions">
      <a class="btn btn-secondary" href="/api/households/export.xlsx" download data-export>
        ${icon("download")}${t("register.export")}</a>
      ${writer ? html`<a class="btn btn-secondary" href="#/household-import">
        ${icon("upload")}${t("register.import")}</a>` : ""}</div>
    <p class="notice notice-warn only-offline">${t("register.excel_needs_network")}</p>`;
}

function filters(filter) {
  return html`<form class="card filters" role="search" novalidate data-filters>
    <label class="search-box">${icon("search")}
      <input type="search" name="q" value="${filter.q}" maxlength="40" autocomplete="off"
        placeholder="${t("register.search")}" aria-label="${t("register.search")}"
        enterkeyhint="search"></label>
    <div class="filter-pair">
      <label class="field field-inline"><select name="type"
          aria-label="${t("household.field.difficulty_type")}">
        <option value="">${t("register.all_types")}</option>
        ${DIFFICULTY_TYPES.map((type) => html`<option value="${type}"
          ${type === filter.type ? "selected" : ""}>${t(`household.difficulty.${type}`)}
          </option>`)}</select></label>
      <label class="field field-inline"><select name="node"
          aria-label="${t("household.field.node_id")}"></select></label>
    </div></form>`;
}

function nodeOptions(nodeIds, filter, byId) {
  const named = nodeIds.map((id) => ({ id, name: nodeName(byId, id, String(id)),
    path: byId.get(id)?.path ?? "" })).sort((a, b) => a.path.localeCompare(b.path));
  return html`<option value="">${t("register.all_nodes")}</option>
    ${named.map((node) => html`<option value="${node.id}" ${String(node.id) === filter.node
      ? "selected" : ""}>${node.name}</option>`)}`;
}

function row(record, pairing, byId) {
  const data = record.data;
  return html`<li><a class="list-row list-link register-row" data-id="${record.id}"
      href="#/household?id=${record.id}">
    <span class="row-text">
      <strong>${data.head_name}</strong>
      <span class="muted">${[nodeName(byId, data.node_id), data.address].filter(Boolean)
        .join(" · ")}</span>
      <span class="chips"><span class="chip chip-kind">${t(`household.difficulty.${
        data.difficulty_type}`)}</span>
        ${pairing ? html`<span class="chip chip-muted">${t("register.paired",
          { name: pairing.cadre_name || "—" })}</span>` : ""}
        ${record.status && record.status !== "synced" ? html`<span class="status
          status-${record.status}">${t(`household.status.${record.status}`)}</span>` : ""}
      </span></span>${icon("chevron")}</a></li>`;
}

function list(records, filter, pairings, byId, shown) {
  const found = records.filter((r) => matches(r, filter));
  if (!found.length) return html`<p class="card muted empty">${t("register.none")}</p>`;
  return html`<p class="muted result-count">${t("register.count", { count: found.length })}</p>
    <ul class="card list register-list">${found.slice(0, shown)
      .map((r) => row(r, pairings.get(r.id), byId))}</ul>
    ${moreButton(shown, found.length)}`;
}

function sortRecords(records, byId) {
  const path = (r) => byId.get(r.data.node_id)?.path ?? String(r.data.node_id);
  return records.sort((a, b) => path(a).localeCompare(path(b))
    || (a.data.head_name || "").localeCompare(b.data.head_name || "", "zh-CN"));
}

/** Draw the register; the filter lives in the address so "back" returns to it. */
export async function render(root, params, signal) {
  const uid = currentUser().id;
  const filter = filterOf(params);
  const path = location.hash.replace(/^#\//, "").split("?")[0];
  const { nodes, fresh } = await nodesSoon(uid);
  let byId = nodeMap(nodes);
  const load = async () => ({ records: sortRecords(await allHouseholds(uid), byId),
    pairings: await openPairings(uid) });
  let data = await load();
  let shown = ROWS_PAGE;
  draw(root, html`${toolbar()}${filters(filter)}<div data-list></div>`);
  const slot = root.querySelector("[data-list]");
  let watch = () => {};
  const drawList = () => {
    const ids = [...new Set(data.records.map((r) => r.data.node_id))];
    drawIfChanged(root.querySelector("select[name=node]"), nodeOptions(ids, filter, byId));
    if (drawIfChanged(slot, list(data.records, filter, data.pairings, byId, shown))) watch();
  };
  watch = onMoreRows(slot, signal, () => {
    shown += ROWS_PAGE;
    drawList();
  });
  drawList();
  bind(root, filter, path, () => {
    shown = ROWS_PAGE; // a new filter starts at its top
    drawList();
  });
  const repaint = async () => {
    data = await load();
    if (!signal.aborted) drawList();
  };
  onSync(signal, repaint);
  fresh.then((names) => { // village and grid names from the server
    byId = nodeMap(names);
    repaint();
  });
}

function bind(root, filter, path, drawList) {
  const form = root.querySelector("[data-filters]");
  const apply = () => {
    Object.assign(filter, { q: form.q.value.trim(), type: form.type.value,
      node: form.node.value });
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
    history.replaceState(null, "", `#/${path}${query ? `?${query}` : ""}`);
    drawList();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    form.q.blur(); // closes the phone's keyboard so the results show
    apply();
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
}

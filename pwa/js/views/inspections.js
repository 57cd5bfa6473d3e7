// 暗访记录: the unannounced inspections of service windows in the user's subtree, newest first,
// a page at a time from the server (online), under the ones this phone has not sent yet (from
// the phone, offline too). Inspectors (supervisors, leaders) record new ones and correct their
// own; admins read them.
import { api, OfflineError } from "../api.js";
import { showFailure } from "../admin/common.js";
import { recordsOf, rejectedEntries } from "../db.js";
import { formatDateTime } from "../format.js";
import { knownNodes, nodeMap, nodeName, refreshNodes } from "../households/nodes.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import RULES from "../rules.js";
import { onSync } from "../screen.js";
import { currentUser, hasRole } from "../session.js";
import { pagedList } from "../widgets/paged-list.js";

const INSPECTORS = RULES.ledger.inspectors;
const PAGE = 20;
const RESULT_CHIPS = { good: "chip-kind", issues: "chip-warn", serious: "" };

function resultChip(result) {
  return html`<span class="chip ${RESULT_CHIPS[result] ?? "chip-muted"}" data-result="${result}"
    >${t(`inspection.result.${result}`)}</span>`;
}

/** One inspection; link: where a tap leads (its form), when the user may change it. */
function row(data, { node, inspector = "", status = "", link = "" }) {
  const when = [formatDateTime(data.visited_at), data.window,
    inspector && t("inspection.by", { name: inspector })].filter(Boolean).join(" · ");
  const text = html`<span class="row-text">
      <strong>${node}</strong>
      <span class="chips">${resultChip(data.result)}${status ? html`<span
        class="status status-${status}">${t(`diary.status.${status}`)}</span>` : ""}</span>
      <span class="muted">${when}</span>
      <span class="muted diary-body">${data.findings}</span></span>`;
  return link ? html`<li><a class="list-row list-link" href="#/${link}"
      data-inspection="${data.id}">${text}${icon("chevron")}</a></li>`
    : html`<li class="list-row" data-inspection="${data.id}">${text}</li>`;
}

/** The phone's own inspections that the server has not taken yet, newest first. */
async function unsent(uid) {
  const records = (await recordsOf(uid, "inspection"))
    .filter((r) => r.status === "pending" || r.status === "rejected");
  return records.sort((a, b) => b.data.visited_at.localeCompare(a.data.visited_at));
}

async function drawUnsent(slot, uid) {
  const [records, refused, nodes] = await Promise.all([unsent(uid), rejectedEntries(uid),
    knownNodes(uid)]);
  const byId = nodeMap(nodes);
  const fixOf = (id) => refused.find((e) => e.entity === "inspection" && e.id === id);
  draw(slot, records.length ? html`<h2 class="section-title">${t("inspection.unsent")}</h2>
    <ul class="card list" data-unsent>${records.map((r) => row(r.data, {
      node: nodeName(byId, r.data.node_id), status: r.status,
      link: fixOf(r.id) ? `inspection-new?fix=${fixOf(r.id).mid}`
        : `inspection-new?id=${r.id}` }))}</ul>` : html``);
  return new Set(records.map((r) => r.id));
}

function serverRow(item) {
  const mine = item.created_by === currentUser().id && hasRole(INSPECTORS);
  return row(item, { node: item.node_name, inspector: item.inspector_name,
    link: mine ? `inspection-new?id=${item.id}` : "" });
}

async function loadPage(cursor) {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (cursor) query.set("cursor", cursor);
  return api(`/api/inspections?${query}`);
}

async function drawList(slot) {
  draw(slot, html`<p class="muted admin-loading" role="status">${t("admin.loading")}</p>`);
  try {
    await pagedList(slot, { load: loadPage, row: serverRow,
      count: (total) => t("inspection.count", { count: total }), empty: t("inspection.none") });
  } catch (error) {
    // Offline: the route's refetch draws the screen again when the connection is back.
    if (error instanceof OfflineError) {
      draw(slot, html`<p class="card notice notice-warn">${t("inspection.offline")}</p>`);
    } else await showFailure(slot, error, () => drawList(slot));
  }
}

/** Draw the inspections; the phone's unsent ones again after each sync, and the server's
 *  list once one of them has reached it. */
export async function render(root, params, signal) {
  const uid = currentUser().id;
  const inspector = hasRole(INSPECTORS);
  draw(root, html`${inspector ? html`<a class="btn btn-primary btn-block"
      href="#/inspection-new">${icon("plus")}${t("inspection.new")}</a>` : ""}
    <div class="user-list" data-unsent-slot></div>
    <div class="user-list" data-list></div>`);
  const local = root.querySelector("[data-unsent-slot]");
  const list = root.querySelector("[data-list]");
  let waiting = await drawUnsent(local, uid);
  onSync(signal, async () => {
    const before = waiting;
    waiting = await drawUnsent(local, uid);
    if ([...before].some((id) => !waiting.has(id))) drawList(list);
  });
  if (inspector) refreshNodes(uid); // for the form's unit picker, offline later
  await drawList(list);
}

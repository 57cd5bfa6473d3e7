// 领导干部联系基层 (管理): the leaders of the scope for a year, each with their days at the
// grassroots against their target (behind pace marked), research visits (those over the
// entourage limit), reports, receptions and the months without one. A line opens the
// leader's figures and annual report (#/dash-person); administrators also open their contact
// points (#/admin/leader). Online only, like every administration screen.
//   #/admin/leaders?year=YYYY&node=<id>   (node: only the leaders at or under it)
import { api } from "../api.js";
import { backLink, showFailure, showLoading } from "../admin/common.js";
import { fetchNodes } from "../admin/org.js";
import { formatCount } from "../format.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { navigate } from "../router.js";
import RULES from "../rules.js";
import { hasRole } from "../session.js";
import { nodeSelect, nodesOfKinds, yearOf, yearSelect } from "../widgets/admin-pickers.js";
import { pagedList } from "../widgets/paged-list.js";

const LEADERS = RULES.leaders;
const PAGE = 30;

function daysChips(item) {
  const days = formatCount(item.days);
  const text = item.days_target === null || item.days_target === undefined
    ? t("admin.leaders.days_no_target", { days })
    : t("admin.leaders.days", { days, target: formatCount(item.days_target) });
  return html`<span class="chip chip-kind" data-days>${text}</span>
    ${item.days_behind ? html`<span class="chip chip-warn" data-behind
      >${t("admin.leaders.behind")}</span>` : ""}`;
}

function workChips(item) {
  return html`<span class="chip chip-muted">${t("admin.leaders.visits",
      { count: formatCount(item.visits) })}</span>
    ${item.visits_over_limit ? html`<span class="chip chip-warn" data-over-limit>${t(
      "admin.leaders.over_limit", { count: formatCount(item.visits_over_limit) })}</span>` : ""}
    <span class="chip ${item.reports_met ? "chip-muted" : "chip-warn"}" data-reports>${
      item.reports_met || item.reports ? t("admin.leaders.reports",
        { count: formatCount(item.reports) }) : t("admin.leaders.no_report")}</span>
    <span class="chip chip-muted" data-receptions>${t("admin.leaders.receptions",
      { count: formatCount(item.receptions) })}</span>
    ${item.receptions_missed ? html`<span class="chip chip-warn" data-missed>${t(
      "admin.leaders.missed", { count: formatCount(item.receptions_missed) })}</span>` : ""}`;
}

function row(item, year) {
  return html`<li class="list-row leader-line" data-leader="${item.id}">
    <a class="list-link row-text" href="#/dash-person?id=${item.id}&year=${year}">
      <strong>${item.name}</strong>
      <span class="muted">${item.node_name} · ${t(`org.kind.${item.level}`)}</span>
      <span class="chips">${daysChips(item)}</span>
      <span class="chips">${workChips(item)}</span></a>
    ${hasRole(LEADERS.keepers) ? html`<a class="btn btn-secondary" data-contacts
      href="#/admin/leader?id=${item.id}&year=${year}">${t("admin.leaders.contacts")}</a>`
    : icon("chevron")}
  </li>`;
}

function filters(entries, year, nodeId) {
  return html`<section class="card filters">
    <div class="filter-grid">
      ${yearSelect("year", t("admin.leaders.year"), year)}
      ${nodeSelect("node", t("admin.leaders.node"), entries, nodeId, t("admin.leaders.all_nodes"))}
    </div>
    <a class="btn btn-secondary btn-block" data-targets
      href="#/admin/targets${nodeId ? `?node=${nodeId}` : ""}"
      >${icon("register")}${t("admin.leaders.targets_link")}</a>
  </section>`;
}

function listQuery(year, nodeId, cursor) {
  const query = new URLSearchParams({ year: String(year), limit: String(PAGE) });
  if (nodeId) query.set("node_id", String(nodeId));
  if (cursor) query.set("cursor", cursor);
  return query;
}

/** Draw the leaders of the scope (or of ?node=) for ?year=. */
export async function render(root, params, signal) {
  const year = yearOf(params);
  const nodeId = Number(params.node) || null;
  const retry = () => render(root, params, signal);
  const back = backLink("admin", t("nav.admin"));
  showLoading(root);
  let nodes;
  try {
    nodes = await fetchNodes();
  } catch (error) {
    return showFailure(root, error, retry, back);
  }
  if (signal?.aborted) return undefined;
  draw(root, html`${back}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    ${filters(nodesOfKinds(nodes, LEADERS.levels), year, nodeId)}
    <div data-list></div>`);
  const go = () => {
    const query = new URLSearchParams({ year: root.querySelector("[name=year]").value });
    const node = root.querySelector("[name=node]").value;
    if (node) query.set("node", node);
    navigate(`admin/leaders?${query}`);
  };
  root.querySelectorAll(".filters select").forEach((select) => {
    select.addEventListener("change", go);
  });
  try {
    await pagedList(root.querySelector("[data-list]"), {
      load: (cursor) => api(`/api/leaders?${listQuery(year, nodeId, cursor)}`),
      row: (item) => row(item, year),
      count: (total) => t("admin.leaders.count", { count: formatCount(total) }),
      empty: t("admin.leaders.none"), className: "card list leader-lines",
    });
  } catch (error) {
    if (!signal?.aborted) await showFailure(root, error, retry, back);
  }
  return undefined;
}

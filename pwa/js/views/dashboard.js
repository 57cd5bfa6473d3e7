// 统计分析 (F11): a node's figures over a period of whole months, as the server computes them
// from the records — grouped tiles, each opening the records behind it; a chart of one figure
// across the node's children (a bar opens that child's dashboard); the children's table (the
// drill-down: county → township → village) with the node's own part; its people (→ each
// person's figures); the tables as Excel. Online only: it says so offline.
//   #/dashboard?node_id=&from=YYYY-MM&to=YYYY-MM
import { api } from "../api.js";
import { formatCount } from "../format.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { navigate } from "../router.js";
import { barChart } from "../widgets/dash-chart.js";
import {
  DASH, GROUPS, dashStyles, figureText, loadShown, periodForm, query, readPeriod, tiles,
} from "../widgets/dash-parts.js";
import { pagedList } from "../widgets/paged-list.js";

// The columns of the children's table on a phone (all of them are in the Excel file).
const COLUMNS = ["diaries", "households_visited", "cases_received", "cases_on_time",
  "cases_overdue", "cases_satisfied", "leader_days", "rotations_overdue"];
const PEOPLE_COLUMNS = ["diaries", "visits", "cases_received", "cases_overdue", "leader_days"];
const CHART_DEFAULT = "cases_received";

function namesOf(group) {
  return DASH.figures.filter((f) => f.group === group).map((f) => f.name);
}

function recordsLink(period, figure, extra) {
  return `#/dash-records?${query(period, { figure, ...extra })}`;
}

function headTemplate(answer, period) {
  const { node, parent } = answer;
  const here = { node_id: node.id };
  return html`
    ${parent ? html`<a class="back-link" href="#/dashboard?${query(period, { node_id: parent.id })}"
      >${icon("back")}${parent.name}</a>` : ""}
    <h2 class="dash-title" data-node="${node.id}">${node.name}</h2>
    ${periodForm(period)}
    <div class="dash-exports">
      <a class="btn btn-secondary" download data-export="children"
        href="/api/dashboard/export.xlsx?${query(period, here)}">${icon("download")}${t(
  "dashboard.export_children")}</a>
      <a class="btn btn-secondary" download data-export="people"
        href="/api/dashboard/export.xlsx?${query(period, { ...here, table: "people" })}"
        >${icon("download")}${t("dashboard.export_people")}</a></div>`;
}

function groupsTemplate(answer, period) {
  const link = (name) => recordsLink(period, name, { node_id: answer.node.id });
  return GROUPS.map((group) => html`<section class="card dash-group" data-group="${group}">
    <h3>${t(`dashboard.group.${group}`)}</h3>${tiles(answer.figures, namesOf(group), link)}
  </section>`);
}

function chartTemplate(answer, figure) {
  if (!answer.children.length) return html``;
  return html`<section class="card dash-chart-card">
    <div class="field"><label class="field-label" for="dash-chart-figure">${t(
    "dashboard.chart_of")}</label>
      <select id="dash-chart-figure" data-chart-figure>${DASH.figures.map((f) => html`<option
        value="${f.name}" ${f.name === figure ? "selected" : ""}>${t(
  `dashboard.figure.${f.name}`)}</option>`)}</select></div>
    <div class="dash-chart" data-chart role="img" aria-label="${t("dashboard.chart_label", {
    figure: t(`dashboard.figure.${figure}`) })}"></div></section>`;
}

function cell(period, figure, value, extra) {
  return html`<td><a href="${recordsLink(period, figure, extra)}">${figureText(figure,
    value)}</a></td>`;
}

function tableTemplate(answer, period) {
  if (!answer.children.length) return "";
  const own = answer.own;
  const hasOwn = Object.entries(own).some(([k, v]) => !k.endsWith("_rate") && v);
  return html`<section class="card dash-table-card">
    <h3>${t("dashboard.children")}</h3>
    <div class="table-wrap"><table class="table dash-table" data-children>
      <thead><tr><th scope="col">${t("dashboard.column.node")}</th>${COLUMNS.map((c) => html`
        <th scope="col">${t(`dashboard.figure.${c}`)}</th>`)}</tr></thead>
      <tbody>${answer.children.map((child) => html`<tr data-child="${child.node.id}">
        <th scope="row"><a href="#/dashboard?${query(period, { node_id: child.node.id })}"
          data-drill>${child.node.name}</a></th>
        ${COLUMNS.map((c) => cell(period, c, child.figures[c], { node_id: child.node.id }))}
      </tr>`)}
      ${hasOwn ? html`<tr data-own><th scope="row">${t("dashboard.own_part", {
    name: answer.node.name })}</th>${COLUMNS.map((c) => cell(period, c, own[c], {
    node_id: answer.node.id, own: "1" }))}</tr>` : ""}</tbody>
    </table></div></section>`;
}

function personRow(period, person) {
  return html`<li class="list-row dash-person" data-person="${person.id}">
    <a class="list-link" href="#/dash-person?${query(period, { id: person.id })}">
      <strong>${person.name}</strong>
      <span class="muted">${person.roles.map((r) => t(`role.${r}`))
    .join(t("dashboard.roles_separator"))}</span>
      <span class="dash-person-figures">${PEOPLE_COLUMNS.map((c) => html`<span>${t(
    `dashboard.figure.${c}`)} ${figureText(c, person.figures[c])}</span>`)}</span></a></li>`;
}

export async function render(root, params, signal) {
  dashStyles();
  const period = readPeriod(params);
  const nodeId = /^\d+$/.test(params.node_id || "") ? params.node_id : "";
  const answer = await loadShown(root, signal,
    `/api/dashboard?${query(period, nodeId ? { node_id: nodeId } : {})}`, periodForm(period));
  if (!answer) {
    listenPeriod(root, period, nodeId);
    return;
  }
  let figure = CHART_DEFAULT;
  draw(root, html`${headTemplate(answer, period)}${groupsTemplate(answer, period)}
    <div data-chart-slot></div>${tableTemplate(answer, period)}
    <section class="dash-people"><h3>${t("dashboard.people")}</h3><div data-people></div>
    </section>`);
  listenPeriod(root, period, answer.node.id);
  let remove = null;
  const chart = () => {
    remove?.();
    const slot = root.querySelector("[data-chart-slot]");
    draw(slot, chartTemplate(answer, figure));
    const box = slot.querySelector("[data-chart]");
    if (!box) return;
    remove = barChart(box, { labels: answer.children.map((c) => c.node.name),
      values: answer.children.map((c) => c.figures[figure] ?? 0),
      title: t(`dashboard.figure.${figure}`),
      onPick: (i) => navigate(`dashboard?${query(period,
        { node_id: answer.children[i].node.id })}`) });
    slot.querySelector("[data-chart-figure]").addEventListener("change", (event) => {
      figure = event.target.value;
      chart();
    });
  };
  chart();
  signal.addEventListener("abort", () => remove?.());
  await pagedList(root.querySelector("[data-people]"), {
    load: (cursor) => api(`/api/dashboard/people?${query(period, { node_id: answer.node.id,
      limit: "50", ...(cursor ? { cursor } : {}) })}`),
    row: (person) => personRow(period, person),
    count: (total) => t("dashboard.people_count", { count: formatCount(total) }),
    empty: t("dashboard.no_people"), className: "card list" });
}

/** A changed period (or preset) opens the same dashboard for it. */
function listenPeriod(root, period, nodeId) {
  const form = root.querySelector("[data-period]");
  if (!form) return;
  const open = (from, to) => {
    if (!from || !to) return;
    const error = form.querySelector("[data-period-error]");
    if (from > to) {
      error.hidden = false;
      error.textContent = t("dashboard.period_reversed");
      return;
    }
    navigate(`dashboard?${query({ from, to }, nodeId ? { node_id: nodeId } : {})}`);
  };
  form.addEventListener("change", () => open(form.elements.from.value, form.elements.to.value));
  form.addEventListener("click", (event) => {
    const preset = event.target.closest("[data-preset]");
    if (preset) open(preset.dataset.from, preset.dataset.to);
  });
}

// 台账: the cases of the reader's subtree as the server has them (online only), newest first,
// a page at a time: counts by status on top (each a filter), 超期 / 积案 / 已升级, and more
// filters (category, channel, urgency, dates, a village or grid), and the same list as the
// Excel workbook. The filters live in the address, so "back" returns to them. Offline it says
// so and leads to 我的案件.
import { api, OfflineError } from "../api.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { nodesSoon } from "../households/nodes.js";
import { LEDGER, learnPeople } from "../ledger/cases.js";
import { CASE_INTAKE } from "../roles.js";
import { currentUser, hasRole } from "../session.js";
import { caseRow, caseStyles } from "../widgets/case-parts.js";
import { pagedList } from "../widgets/paged-list.js";

const CHOICES = { status: LEDGER.statuses, category: LEDGER.categories,
  channel: LEDGER.channels, urgency: LEDGER.urgencies };
const FLAGS = ["overdue", "backlog", "escalated"];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PAGE = 50;

/** The filters the address names (anything else is left out). */
function readFilters(params) {
  const filters = {};
  for (const [name, choices] of Object.entries(CHOICES)) {
    if (choices.includes(params[name])) filters[name] = params[name];
  }
  for (const name of ["from", "to"]) if (DAY.test(params[name] || "")) filters[name] = params[name];
  if (/^\d+$/.test(params.node_id || "")) filters.node_id = params.node_id;
  for (const name of FLAGS) if (params[name] === "1") filters[name] = "1";
  // A hot spot's cases (舆情预警): the place's own appeals, not those of the places under it.
  if (filters.node_id && params.own === "1") filters.own = "1";
  if (LEDGER.kinds.includes(params.kind)) filters.kind = params.kind;
  return filters;
}

function queryOf(filters, cursor) {
  const query = new URLSearchParams({ ...filters, limit: String(PAGE) });
  if (cursor) query.set("cursor", cursor);
  return query.toString();
}

function countChip(name, value, label, count, pressed) {
  return html`<button type="button" class="count-chip" data-filter="${name}"
    data-value="${value}" aria-pressed="${pressed ? "true" : "false"}">
    <span>${label}</span><strong>${count ?? 0}</strong></button>`;
}

/** The counts on top: each status (and 全部) a filter, the flags toggles. */
function countsTemplate(counts, filters) {
  return html`<div class="count-chips" role="group" aria-label="${t("ledger.counts")}">
    ${countChip("status", "", t("ledger.all"), counts.all, !filters.status)}
    ${LEDGER.statuses.map((status) => countChip("status", status, t(`case.status.${status}`),
    counts[status], filters.status === status))}</div>
  <div class="count-chips" role="group" aria-label="${t("ledger.flags")}">
    ${FLAGS.map((flag) => countChip(flag, "1", t(`ledger.flag.${flag}`), counts[flag],
    filters[flag] === "1"))}</div>`;
}

/** A select of options [{value, label}], the first one "any". */
function select(name, label, options, current) {
  return html`<div class="field"><label class="field-label" for="ledger-${name}">${label}</label>
    <select id="ledger-${name}" name="${name}"><option value="">${t("ledger.any")}</option>
      ${options.map((o) => html`<option value="${o.value}" ${String(o.value) === current
        ? "selected" : ""}>${o.label}</option>`)}</select></div>`;
}

function choices(values, prefix) {
  return values.map((value) => ({ value, label: t(`${prefix}${value}`) }));
}

/** The nodes of the scope to narrow to, in tree order, indented by level. */
function nodeChoices(nodes) {
  const depth = (node) => node.path.split("/").filter(Boolean).length;
  const sorted = nodes.filter((n) => n.active).sort((a, b) => a.path.localeCompare(b.path));
  const top = Math.min(...sorted.map(depth));
  const indent = (n) => "\u3000".repeat(depth(n) - top);
  return sorted.map((n) => ({ value: n.id, label: `${indent(n)}${n.name}` }));
}

function filtersTemplate(filters, nodes) {
  const more = ["category", "channel", "urgency", "from", "to", "node_id"]
    .filter((name) => filters[name]).length;
  return html`<details class="card disclosure ledger-filters" ${more ? "open" : ""}>
    <summary>${more ? t("ledger.filters_active", { count: more }) : t("ledger.filters")}</summary>
    <form class="form filter-form" data-filters><div class="filter-grid">
      ${select("category", t("case.field.category"), choices(LEDGER.categories,
    "appeal.category."), filters.category)}
      ${select("channel", t("case.field.channel"), choices(LEDGER.channels, "case.channel."),
      filters.channel)}
      ${select("urgency", t("case.field.urgency"), choices(LEDGER.urgencies, "case.urgency."),
        filters.urgency)}
      ${nodes.length > 1 ? select("node_id", t("ledger.node"), nodeChoices(nodes),
          filters.node_id) : ""}
      <div class="field"><label class="field-label" for="ledger-from">${t("ledger.from")}</label>
        <input type="date" id="ledger-from" name="from" value="${filters.from ?? ""}"></div>
      <div class="field"><label class="field-label" for="ledger-to">${t("ledger.to")}</label>
        <input type="date" id="ledger-to" name="to" value="${filters.to ?? ""}"></div>
    </div></form></details>`;
}

function offlineTemplate() {
  return html`<div class="card empty ledger-offline" role="status">${icon("offline")}
    <p>${t("ledger.needs_network")}</p>
    <a class="btn btn-primary" href="#/cases">${t("nav.cases_mine")}</a></div>`;
}

function learnOwners(uid, items) {
  const names = Object.fromEntries(items.filter((c) => c.owner_id && c.owner_name)
    .map((c) => [c.owner_id, c.owner_name]));
  learnPeople(uid, names).catch(() => {});
}

/** Draw the ledger; a filter changed redraws the list from its first page. */
export async function render(root, params, signal) {
  caseStyles();
  const uid = currentUser().id;
  const filters = readFilters(params);
  const { nodes } = await nodesSoon(uid, 800);
  draw(root, html`<a class="back-link" href="#/cases">${icon("back")}${t("nav.cases_mine")}</a>
    <div class="ledger-counts" data-counts></div>${filtersTemplate(filters, nodes)}
    <a class="btn btn-secondary btn-block only-online" download data-export>
      ${icon("download")}${t("ledger.export")}</a>
    ${hasRole(CASE_INTAKE) ? html`<a class="btn btn-secondary btn-block only-online"
      href="#/case-import">${icon("upload")}${t("backlog.link")}</a>` : ""}
    <div class="case-lists" data-list></div>`);
  const slot = root.querySelector("[data-list]");
  const countsSlot = root.querySelector("[data-counts]");
  let drawn = 0; // the list drawn last: an older one that answers late draws nothing
  const show = async () => {
    const mine = ++drawn;
    const query = new URLSearchParams(filters).toString();
    root.querySelector("[data-export]").href = `/api/cases/export.xlsx${query
      ? `?${query}` : ""}`;
    const load = async (cursor) => {
      const answer = await api(`/api/cases?${queryOf(filters, cursor)}`);
      if (mine !== drawn || signal.aborted) throw new Error("superseded");
      if (!cursor) draw(countsSlot, countsTemplate(answer.counts, filters));
      learnOwners(uid, answer.items);
      return answer;
    };
    draw(slot, html`<p class="muted" role="status">${t("admin.loading")}</p>`);
    try {
      await pagedList(slot, { load, row: (item) => caseRow({ state: item, clock: item.clock,
        extra: item.owner_name ? t("ledger.owner", { name: item.owner_name }) : "" }),
      count: (total) => t("ledger.count", { count: total }), empty: t("ledger.none"),
      className: "card list case-list" });
    } catch (error) {
      if (mine !== drawn || signal.aborted) return;
      draw(countsSlot, html``);
      draw(slot, error instanceof OfflineError ? offlineTemplate()
        : html`<p class="card form-error" role="alert">${error.message}</p>`);
    }
  };
  const apply = () => {
    const query = new URLSearchParams(filters).toString();
    history.replaceState(null, "", `#/ledger${query ? `?${query}` : ""}`);
    show();
  };
  root.addEventListener("click", (event) => {
    const chip = event.target.closest("[data-filter]");
    if (!chip) return;
    const { filter, value } = chip.dataset;
    if (filter === "status" ? filters.status === value || !value : filters[filter]) {
      delete filters[filter];
    } else filters[filter] = value;
    apply();
  });
  root.querySelector("[data-filters]").addEventListener("change", (event) => {
    const { name, value } = event.target;
    if (value) filters[name] = value;
    else delete filters[name];
    if (name === "node_id") delete filters.own;   // another place: all of it
    apply();
  });
  await show();
}

// The diary list's tabs (我的 / 本村) and filters (kind, household, date range): read from and
// written to the address (#/diary?tab=village&kind=visit...), applied to the phone's records,
// and passed on to the Excel export.
import { KINDS } from "../diary-fields.js";
import { html } from "../html.js";
import { t } from "../i18n.js";

// Who gets the 本村 tab: those who read the diaries of their village or grid on the phone.
export const VILLAGE_READERS = ["first_secretary", "village_staff", "grid_worker", "supervisor"];
const FILTER_NAMES = ["kind", "household", "from", "to"];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters the address names; tab falls back to what the user may see. */
export function readFilters(params, { canVillage, canWrite }) {
  const filters = { tab: params.tab === "village" && canVillage ? "village" : "mine" };
  if (!canWrite && canVillage) filters.tab = "village";
  filters.kind = KINDS.includes(params.kind) ? params.kind : "";
  filters.household = params.household || "";
  filters.from = DAY.test(params.from || "") ? params.from : "";
  filters.to = DAY.test(params.to || "") ? params.to : "";
  return filters;
}

/** The filters from the filter form's controls. */
export function formFilters(form, tab) {
  const value = (name) => form.elements[name]?.value ?? "";
  return { tab, ...Object.fromEntries(FILTER_NAMES.map((name) => [name, value(name)])) };
}

/** How many filters narrow the list. */
export function activeCount(filters) {
  return FILTER_NAMES.filter((name) => filters[name]).length;
}

/** The address of the list with these filters. */
export function listHash(filters) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  return `#/diary${query ? `?${query}` : ""}`;
}

/** The Excel export of the same list (the server checks who may read what). */
export function exportHref(filters) {
  const query = new URLSearchParams();
  if (filters.tab === "mine") query.set("mine", "1");
  if (filters.kind) query.set("kind", filters.kind);
  if (filters.household) query.set("household_id", filters.household);
  if (filters.from) query.set("from", filters.from);
  if (filters.to) query.set("to", filters.to);
  const text = query.toString();
  return `/api/diaries/export.xlsx${text ? `?${text}` : ""}`;
}

/** The records of the tab that pass the filters. */
export function matching(records, filters, uid) {
  return records.filter(({ data }) => {
    if (filters.tab === "mine" && data.created_by !== uid) return false;
    if (filters.kind && data.kind !== filters.kind) return false;
    if (filters.household && data.household_id !== filters.household) return false;
    const day = (data.occurred_at || "").slice(0, 10);
    if (filters.from && day < filters.from) return false;
    return !(filters.to && day > filters.to);
  });
}

/** 我的 / 本村 as a segmented control. */
export function tabsTemplate(tab) {
  return html`<div class="segmented segmented-block diary-tabs" role="group"
      aria-label="${t("diary.list.tabs")}">
    ${["mine", "village"].map((name) => html`<button type="button" data-tab="${name}"
      aria-pressed="${name === tab ? "true" : "false"}">${t(`diary.list.tab_${name}`)}</button>`)}
  </div>`;
}

function option(value, label, current) {
  return html`<option value="${value}" ${value === current ? "selected" : ""}>${label}</option>`;
}

/** The filter form; households: [{id, head_name}] that the tab's diaries concern. */
export function filtersTemplate(filters, households, open) {
  const count = activeCount(filters);
  const wrongRange = filters.from && filters.to && filters.from > filters.to;
  return html`<details class="card disclosure diary-filters" ${open || count ? "open" : ""}>
    <summary>${count ? t("diary.list.filters_active", { count }) : t("diary.list.filters")}
    </summary>
    <form class="form filter-form">
      <div class="filter-grid">
        <div class="field"><label class="field-label" for="filter-kind">
          ${t("diary.field.kind")}</label>
          <select id="filter-kind" name="kind">${option("", t("diary.list.kind_all"), "")}
            ${KINDS.map((kind) => option(kind, t(`diary.kind.${kind}`), filters.kind))}</select>
        </div>
        <div class="field"><label class="field-label" for="filter-household">
          ${t("diary.list.household")}</label>
          <select id="filter-household" name="household">
            ${option("", t("diary.list.household_all"), "")}
            ${households.map((h) => option(h.id, h.head_name, filters.household))}</select>
        </div>
        <div class="field"><label class="field-label" for="filter-from">
          ${t("diary.list.from")}</label>
          <input type="date" id="filter-from" name="from" value="${filters.from}"></div>
        <div class="field"><label class="field-label" for="filter-to">
          ${t("diary.list.to")}</label>
          <input type="date" id="filter-to" name="to" value="${filters.to}"></div>
      </div>
      ${wrongRange ? html`<p class="field-error" role="alert">${t("diary.list.range_wrong")}</p>`
    : ""}
      ${count ? html`<button type="button" class="btn btn-light btn-block"
        data-action="clear-filters">${t("diary.list.clear_filters")}</button>` : ""}
    </form></details>`;
}

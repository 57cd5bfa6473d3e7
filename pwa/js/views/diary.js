// 民情日记: the diaries on the phone (works offline), newest first. 我的: one's own; 本村: every
// diary the phone holds for the village or grid (first secretaries, village staff, grid workers,
// supervisors). Filters by kind, household and dates; the same list as Excel when online.
import { draftGet, recordsOf } from "../db.js";
import { DIARY_WRITERS } from "../diary-fields.js";
import { drawIfChanged, html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { onSync } from "../screen.js";
import { currentUser, hasRole } from "../session.js";
import { moreButton, onMoreRows, ROWS_PAGE } from "../widgets/more-rows.js";
import { fillThumbs } from "../thumbs.js";
import { diaryCard, moment } from "../widgets/diary-card.js";
import {
  VILLAGE_READERS, exportHref, filtersTemplate, formFilters, listHash, matching, readFilters,
  tabsTemplate,
} from "../widgets/diary-filters.js";
import { learnAuthors, nameBook } from "../widgets/diary-names.js";

/** The households the tab's diaries concern, by name, for the household filter. */
function concerned(records, book, filters) {
  const ids = new Set(records.map((r) => r.data.household_id).filter(Boolean));
  if (filters.household) ids.add(filters.household);
  return [...ids].map((id) => ({ id, head_name: book.household(id)?.head_name
    || t("diary.list.household_unknown") }))
    .sort((a, b) => a.head_name.localeCompare(b.head_name, "zh-CN"));
}

function exportRow(filters) {
  return html`<div class="export-row">
    <a class="btn btn-secondary btn-block only-online" href="${exportHref(filters)}" download
       data-export>${icon("download")}${t("diary.list.export")}</a>
    <p class="muted only-offline export-offline">${t("diary.list.export_offline")}</p></div>`;
}

function listTemplate(shown, { book, filters, total, rows }) {
  if (shown.length) {
    const showAuthor = filters.tab === "village";
    return html`<p class="muted result-count">${t("diary.list.count", { count: shown.length })}</p>
      <ul class="diary-list">${shown.slice(0, rows)
        .map((r) => diaryCard(r, { book, showAuthor }))}</ul>
      ${moreButton(rows, shown.length)}`;
  }
  const key = total ? "diary.list.none_match"
    : filters.tab === "village" ? "diary.list.village_empty" : "diary.list.empty";
  return html`<div class="card empty">${icon("diary")}<p>${t(key)}</p></div>`;
}

function template(state, { records, shown, book, hasDraft }) {
  const { filters, canVillage, canWrite } = state;
  const tabRecords = matching(records, { tab: filters.tab }, state.uid);
  return html`
    ${canWrite ? html`<a class="btn btn-primary btn-block" href="#/diary-new">
      ${icon("plus")}${t("diary.list.new")}</a>` : ""}
    ${hasDraft ? html`<a class="card notice notice-warn draft-link" href="#/diary-new">
      ${t("diary.list.draft")}</a>` : ""}
    ${canVillage && canWrite ? tabsTemplate(filters.tab) : ""}
    ${filtersTemplate(filters, concerned(tabRecords, book, filters), state.open)}
    ${exportRow(filters)}
    ${listTemplate(shown, { book, filters, total: tabRecords.length, rows: state.rows })}`;
}

async function paint(root, state) {
  const [records, draft, book] = await Promise.all([
    recordsOf(state.uid, "diary"), draftGet(state.uid, "diary:new"), nameBook(state.uid)]);
  const shown = matching(records, state.filters, state.uid).sort((a, b) => moment(b) - moment(a));
  if (state.signal.aborted) return;
  if (drawIfChanged(root, template(state, { records, shown, book, hasDraft: Boolean(draft) }))) {
    state.watch();
  }
  await fillThumbs(root, state.uid);
  const unknown = shown.some((r) => !book.author(r.data.created_by));
  if (state.filters.tab === "village" && unknown && !state.asked) {
    state.asked = true; // once per visit: the server may not name them either
    const query = exportHref({ ...state.filters, tab: "village" }).split("?")[1] ?? "";
    if (await learnAuthors(state.uid, query)) paint(root, state);
  }
}

function change(root, state, filters) {
  state.filters = filters;
  state.rows = ROWS_PAGE; // a new filter starts at its top
  history.replaceState(null, "", listHash(filters)); // no hashchange: the screen stays
  paint(root, state);
}

function listen(root, state) {
  root.addEventListener("change", (event) => {
    const form = event.target.closest(".filter-form");
    if (form) change(root, state, formFilters(form, state.filters.tab));
  });
  root.addEventListener("click", (event) => {
    const tab = event.target.closest("[data-tab]");
    if (tab) change(root, state, { ...state.filters, tab: tab.dataset.tab, household: "" });
    if (event.target.closest("[data-action=clear-filters]")) {
      change(root, state, { tab: state.filters.tab, kind: "", household: "", from: "", to: "" });
    }
  });
  root.addEventListener("toggle", (event) => {
    if (event.target.matches(".diary-filters")) state.open = event.target.open;
  }, true);
}

/** Draw the diary list; drawn again when sync changes it while it is shown. */
export async function render(root, params, signal) {
  const canVillage = hasRole(VILLAGE_READERS);
  const canWrite = hasRole(DIARY_WRITERS);
  const state = { uid: currentUser().id, canVillage, canWrite, open: false, asked: false,
    filters: readFilters(params, { canVillage, canWrite }), signal, rows: ROWS_PAGE };
  state.watch = onMoreRows(root, signal, () => {
    state.rows += ROWS_PAGE;
    paint(root, state);
  });
  onSync(signal, () => paint(root, state));
  listen(root, state);
  await paint(root, state);
}

// 我的案件: the open cases I own, am assigned, or am to accept (待我接收 first), from the phone's
// own records with my unsent steps folded in (works offline): overdue first, then by working
// days left, each with its countdown. Drawn a page of rows at a time. Ledger readers get the
// way to the 台账 (online); those who take cases in, 登记诉求.
import { drawIfChanged, html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { beijingToday } from "../households/rules.js";
import { foldContext, learnDeadlines, myCases, withClock } from "../ledger/cases.js";
import { CASE_INTAKE, LEDGER_READERS } from "../roles.js";
import RULES from "../rules.js";
import { onSync } from "../screen.js";
import { currentUser, hasRole } from "../session.js";
import { caseRow, caseStyles } from "../widgets/case-parts.js";
import { moreButton, onMoreRows } from "../widgets/more-rows.js";

// Rows drawn at first, and added as the end comes near: a phone screen shows about five.
const ROWS_PAGE = 30;

function toolbar() {
  return html`<div class="button-row cases-actions">
    ${hasRole(CASE_INTAKE) ? html`<a class="btn btn-primary" href="#/case-new">
      ${icon("plus")}${t("intake.title")}</a>` : ""}
    ${hasRole(LEDGER_READERS) ? html`<a class="btn btn-secondary" href="#/ledger">
      ${icon("register")}${t("ledger.title")}</a>` : ""}
    ${hasRole(RULES.ledger.desk_keepers) ? html`<a class="btn btn-secondary"
      href="#/public-desk">${icon("households")}${t("desk.title")}</a>` : ""}</div>`;
}

function group(name, title, items, shown, today) {
  if (!items.length || shown <= 0) return "";
  return html`<h2 class="section-title">${title}</h2>
    <ul class="card list case-list" data-group="${name}">${items.slice(0, shown)
      .map((item) => caseRow(withClock(item, today)))}</ul>`;
}

function listTemplate(items, rows, today) {
  if (!items.length) {
    return html`<div class="card empty">${icon("cases")}<p>${t("cases.empty")}</p></div>`;
  }
  const accept = items.filter((item) => item.toAccept);
  const others = items.filter((item) => !item.toAccept);
  const overdue = items.filter((item) => item.due < today).length;
  return html`<p class="muted result-count" data-total="${items.length}"
      data-overdue="${overdue}">${t("cases.count", { count: items.length })}${overdue
      ? t("cases.overdue_count", { count: overdue }) : ""}</p>
    ${group("accept", t("cases.to_accept", { count: accept.length }), accept, rows, today)}
    ${group("mine", t("cases.handling", { count: others.length }), others,
    rows - accept.length, today)}
    ${moreButton(rows, items.length)}`;
}

/** Draw my cases; drawn again when sync brings changes. */
export async function render(root, params, signal) {
  caseStyles();
  const user = currentUser();
  const context = foldContext(user); // read while the screen's frame is drawn
  let rows = ROWS_PAGE;
  let items = [];
  let today = beijingToday();
  draw(root, html`${toolbar()}<div class="case-lists" data-list></div>
    <p class="muted status-line">${t("cases.offline_note")}</p>`);
  const slot = root.querySelector("[data-list]");
  let watch = () => {};
  const drawList = () => {
    if (drawIfChanged(slot, listTemplate(items, rows, today))) watch();
  };
  const load = async () => {
    items = await myCases(user.id, await context);
    today = beijingToday();
    if (!signal.aborted) drawList();
  };
  watch = onMoreRows(slot, signal, () => {
    rows += ROWS_PAGE;
    drawList();
  });
  onSync(signal, load);
  await load();
  learnDeadlines(user.id); // for the clocks of cases taken in offline
}

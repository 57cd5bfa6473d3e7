// One diary, from the phone's own store (works offline): every field, its photos (tap for a
// large one), household and author. The author may 编辑; anyone who takes cases in may turn
// it into one (转为诉求, the intake form), and the cases raised from it are listed below;
// online, its 修改记录 (the versions the server keeps, conflicting attempts included) comes
// last. A diary in conflict with another phone's or person's change links to the conflict
// screen.
import { conflictOf, recordGet } from "../db.js";
import { accuracyText, fieldLabel } from "../diary-fields.js";
import { formatDateTime } from "../format.js";
import { beijingToday } from "../households/rules.js";
import { drawIfChanged, html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { foldContext, ledger, localCases } from "../ledger/cases.js";
import { deviceId } from "../outbox.js";
import { CASE_INTAKE } from "../roles.js";
import { onSync } from "../screen.js";
import { currentUser, hasRole } from "../session.js";
import { fillThumbs } from "../thumbs.js";
import { caseRow, caseStyles } from "../widgets/case-parts.js";
import { kindChips, statusChip } from "../widgets/diary-card.js";
import { learnAuthors, nameBook } from "../widgets/diary-names.js";
import { lightboxTemplate, photoGrid, runLightbox } from "../widgets/diary-photos.js";
import { historyTemplate, householdNames, loadHistory } from "../widgets/record-history.js";

function fact(label, value) {
  if (value === null || value === undefined || value === "") return "";
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

function whereText(data) {
  if (typeof data.lat !== "number" || typeof data.lng !== "number") return "";
  const accuracy = accuracyText(data.accuracy);
  return `${data.lat.toFixed(5)}, ${data.lng.toFixed(5)}${accuracy ? ` (${accuracy})` : ""}`;
}

function householdText(household, id) {
  if (!id) return "";
  if (!household) return t("diary.household.missing");
  return [household.head_name, household.address].filter(Boolean).join(" · ");
}

function textBlock(name, value) {
  if (!value) return "";
  return html`<section class="diary-section"><h3 class="diary-label">${fieldLabel(name)}</h3>
    <p class="diary-full">${value}</p></section>`;
}

function detailTemplate(record, book) {
  const { data, status } = record;
  const household = book.household(data.household_id);
  return html`<article class="card diary-detail" data-id="${data.id}" data-status="${status}">
    <div class="diary-head">${kindChips(data)}
      <time datetime="${data.occurred_at}">${formatDateTime(data.occurred_at)}</time>
      ${statusChip(status)}</div>
    ${data.topic ? html`<h2 class="diary-topic">${data.topic}</h2>` : ""}
    <dl class="facts">
      ${fact(fieldLabel("household_id"), householdText(household, data.household_id))}
      ${fact(fieldLabel("place"), data.place)}
      ${fact(fieldLabel("location"), whereText(data))}
      ${fact(fieldLabel("attendance"), data.attendance ?? "")}
      ${fact(fieldLabel("people_met"), data.people_met)}
      ${fact(fieldLabel("follow_up_date"), data.follow_up_date)}
      ${fact(fieldLabel("author"), book.authorLabel(data.created_by))}
    </dl>
    ${textBlock("heard", data.heard)}
    ${textBlock("done", data.done)}
    ${photoGrid(data.photos)}
  </article>`;
}

function actionsTemplate(data, uid) {
  const mine = data.created_by === uid;
  const canAppeal = hasRole(CASE_INTAKE);
  return html`<div class="button-row diary-actions">
      ${mine ? html`<a class="btn btn-secondary" href="#/diary-new?id=${data.id}">
        ${icon("edit")}${t("diary.view.edit")}</a>` : ""}
      ${canAppeal ? html`<a class="btn btn-primary" data-action="to-appeal"
        href="#/case-new?diary=${data.id}">${t("diary.view.to_appeal")}</a>` : ""}</div>
    ${mine ? "" : html`<p class="muted read-only-note">${t("diary.view.read_only")}</p>`}`;
}

function conflictNotice(conflict) {
  if (!conflict) return html``;
  return html`<div class="notice notice-warn conflict-notice" role="status">
    <p>${t("syncui.conflict.notice")}</p>
    <a class="btn btn-primary" href="#/conflict?mid=${conflict.mid}">
      ${t("syncui.conflict.open")}</a></div>`;
}

/** A function that draws the diary's 修改记录 into element when the server answers, asking
 *  again only when the record's rev moved (or the last ask found no connection). */
function historyPainter(element, uid, id) {
  let shownRev = null;
  return async (record) => {
    if (record.rev === shownRev || record.rev === null) return; // null: not on the server yet
    shownRev = record.rev;
    const versions = await loadHistory("diary", id);
    if (!versions || !element.isConnected) {
      shownRev = null; // offline: what was shown stays, and the next paint asks again
      return;
    }
    const [names, device] = await Promise.all([
      householdNames(uid, versions.map((v) => v.data)), deviceId(uid)]);
    drawIfChanged(element, historyTemplate("diary", versions, { uid, device, names }));
  };
}

function notFound() {
  return html`<a class="back-link" href="#/diary">${icon("back")}${t("nav.diary")}</a>
    <div class="card empty">${icon("diary")}<p>${t("diary.view.not_found")}</p></div>`;
}

/** The cases on the phone raised from the diary, oldest first, with their clocks. */
async function casesOf(uid, diaryId, context) {
  const today = beijingToday();
  return (await localCases(uid, context).catch(() => []))
    .filter(({ state }) => state.diary_id === diaryId)
    .sort((a, b) => (a.state.received_at || "").localeCompare(b.state.received_at || ""))
    .map((item) => ({ ...item, clock: ledger.clock(item.state, today) }));
}

function casesTemplate(items) {
  if (!items.length) return html``;
  return html`<h2 class="section-title">${t("diary.view.appeals_title", { count: items.length })}
    </h2><ul class="card list case-list">${items.map(caseRow)}</ul>`;
}

/** Draw one diary; its parts are drawn again when sync brings changes. */
export async function render(root, params, signal) {
  caseStyles();
  const user = currentUser();
  const uid = user.id;
  const id = params.id || "";
  if (!(await recordGet(uid, "diary", id))) return draw(root, notFound());
  draw(root, html`<a class="back-link" href="#/diary">${icon("back")}${t("nav.diary")}</a>
    <div data-part="detail"></div><div data-part="conflict"></div><div data-part="actions"></div>
    <div data-part="appeals"></div>
    <div data-part="history"></div>${lightboxTemplate()}`);
  const part = (name) => root.querySelector(`[data-part="${name}"]`);
  const paintHistory = historyPainter(part("history"), uid, id);
  const context = await foldContext(user);
  let asked = false;
  const paint = async () => {
    const [record, book, cases] = await Promise.all([
      recordGet(uid, "diary", id), nameBook(uid), casesOf(uid, id, context)]);
    if (!record || signal.aborted) return;
    drawIfChanged(part("detail"), detailTemplate(record, book));
    drawIfChanged(part("conflict"), conflictNotice(record.status === "conflict"
      && await conflictOf(uid, "diary", id)));
    paintHistory(record).catch((error) => console.error("history", error));
    drawIfChanged(part("appeals"), casesTemplate(cases));
    drawIfChanged(part("actions"), actionsTemplate(record.data, uid));
    fillThumbs(part("detail"), uid);
    if (!book.author(record.data.created_by) && !asked) {
      asked = true; // the server names the authors of that day's diaries
      const day = (record.data.occurred_at || "").slice(0, 10);
      if (await learnAuthors(uid, `from=${day}&to=${day}`)) paint();
    }
  };
  runLightbox(root, uid);
  onSync(signal, paint);
  await paint();
}

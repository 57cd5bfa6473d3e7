// A household's history as the household page shows it: pairings with their handovers,
// visit diaries (newest first, each opening the diary screen) and appeals.
import { formatDateTime } from "../format.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { rotationStatus } from "./rules.js";

/** A chip for a pairing's or stationing's rotation status ("" when not due). */
export function rotationChip(status) {
  if (!status || status === "ok") return "";
  return html`<span class="chip rotation rotation-${status}">${t(`rotation.${status}`)}</span>`;
}

function pairingItem(pairing, today) {
  const open = !pairing.end_date;
  return html`<li class="history-item pairing-item" data-open="${String(open)}">
    <p class="history-head"><strong>${pairing.cadre_name || "—"}</strong>
      ${open ? rotationChip(rotationStatus(pairing.start_date, today))
    : html`<span class="chip chip-muted">${t("household.pairing.ended")}</span>`}</p>
    <p class="muted">${t(open ? "household.pairing.since" : "household.pairing.period", {
      start: pairing.start_date, end: pairing.end_date || "" })}${open && pairing.planned_end_date
      ? t("household.pairing.planned", { date: pairing.planned_end_date }) : ""}</p>
    ${pairing.handover_note ? html`<p class="history-text">
      <span class="diary-label">${t("household.pairing.handover_note")}</span>
      ${pairing.handover_note}</p>` : ""}</li>`;
}

function diaryItem(diary) {
  const text = diary.heard || diary.done || diary.topic || diary.place || "";
  return html`<li><a class="list-row list-link diary-item" data-id="${diary.id}"
      href="#/diary-view?id=${diary.id}">
    <span class="row-text">
      <strong>${diary.occurred_at ? formatDateTime(diary.occurred_at) : "—"}</strong>
      ${text ? html`<span class="history-text">${text}</span>` : ""}
      ${diary.follow_up_date ? html`<span class="muted">
        ${t("household.history.follow_up", { date: diary.follow_up_date })}</span>` : ""}
    </span>${icon("chevron")}</a></li>`;
}

function appealItem(appeal) {
  return html`<li class="history-item appeal-item">
    <p class="muted">${appeal.created_at ? formatDateTime(appeal.created_at) : ""}</p>
    <p class="history-text">${appeal.text}</p></li>`;
}

function section(title, items, empty) {
  return html`<h2 class="section-title">${title}</h2>
    ${items.length ? html`<ul class="card list history-list">${items}</ul>`
    : html`<p class="card muted">${empty}</p>`}`;
}

/** The three history sections. */
export function historyTemplate({ pairings, diaries, appeals }, today) {
  return html`
    ${section(t("household.history.pairings"), pairings.map((p) => pairingItem(p, today)),
      t("household.history.no_pairings"))}
    ${section(t("household.history.diaries", { count: diaries.length }),
      diaries.map(diaryItem), t("household.history.no_diaries"))}
    ${section(t("household.history.appeals", { count: appeals.length }),
      appeals.map(appealItem), t("household.history.no_appeals"))}`;
}

// 同步: what waits for the server (a case's steps named with their case), what it refused and
// why, the conflicts with another phone or person that wait for the user's choice, and the 同步
// button. A refused write stays here until the user corrects and resends it, or discards it on
// purpose; a conflict until it is settled (views/conflict.js) or the user gives up their change.
import { outboxEntries, rejectedEntries } from "../db.js";
import { diarySummary, fieldLabel } from "../diary-fields.js";
import { formatDateTime } from "../format.js";
import { householdEntrySummary, householdFieldLabel } from "../households/entries.js";
import { html, render as draw } from "../html.js";
import { t, tOr } from "../i18n.js";
import { icon } from "../icons.js";
import { LEADER_FIX_FORMS, leaderEntrySummary, leaderFieldLabel } from "../leaders/entries.js";
import { caseTexts } from "../ledger/cases.js";
import { settle, withoutRev } from "../merge.js";
import { toast } from "../notice.js";
import { discardRefused } from "../outbox.js";
import {
  SITUATION_FIX_FORMS, situationEntrySummary, situationFieldLabel,
} from "../reports/situation.js";
import { navigate } from "../router.js";
import { onSync, SYNC_STATUS } from "../screen.js";
import { currentUser, forget } from "../session.js";
import { syncNow, syncStatus } from "../sync.js";
import { ICONS, stateOf } from "../syncbadge.js";
import { eventSummary } from "../widgets/case-parts.js";
import { checkinSummary } from "../widgets/duty-checkins.js";
import { fieldName } from "../widgets/record-history.js";

// The form that corrects a refused write, by entity.
const FIX_FORMS = { diary: "diary-new", household: "household-edit",
  duty_pledge: "duty-pledge", duty_pledge_record: "duty-pledge", ...LEADER_FIX_FORMS,
  ...SITUATION_FIX_FORMS };

// The texts of the cases that entries name (case_id: text), for their summaries.
let texts = new Map();

function summary(entry) {
  if (entry.entity === "diary") return diarySummary(entry.data);
  if (entry.entity === "case_event") {
    return eventSummary(entry.data, texts.get(entry.data?.case_id));
  }
  if (entry.entity === "duty_checkin") return checkinSummary(entry.data);
  if (entry.entity.startsWith("duty_")) return tOr(`duty.entity.${entry.entity}`, entry.entity);
  if (entry.entity === "appeal") { // written by the version before cases
    return [t("case.name"), entry.data?.text].filter(Boolean).join(" · ");
  }
  return householdEntrySummary(entry) ?? leaderEntrySummary(entry)
    ?? situationEntrySummary(entry) ?? entry.entity;
}

function headline(status, refused, conflicts) {
  if (status.running) return t("syncui.running");
  if (status.pending) return t("syncui.pending_count", { count: status.pending });
  if (conflicts.length) return t("syncui.conflict.count", { count: conflicts.length });
  if (refused.length) return t("syncui.refused_count", { count: refused.length });
  return t("syncui.all_synced");
}

function errorText(status) {
  if (!status.error) return "";
  return t(`syncui.error.${status.error}`, { message: status.message });
}

function statusCard(status, refused, conflicts) {
  const state = stateOf(status);
  return html`<section class="card sync-status" data-state="${state}">
    <p class="sync-headline">${icon(ICONS[state])}<strong>${headline(status, refused,
      conflicts)}</strong></p>
    <p class="muted" data-last-ok>${status.lastOk
      ? t("syncui.last_ok", { when: formatDateTime(status.lastOk) }) : t("syncui.never")}</p>
    ${status.error ? html`<p class="notice notice-warn sync-error" role="alert">
      ${errorText(status)}</p>` : ""}
    ${status.error === "auth" ? html`<button type="button" class="btn btn-primary btn-block"
        data-action="relogin">${t("syncui.relogin")}</button>`
    : html`<button type="button" class="btn btn-primary btn-block" data-action="sync"
        ${status.running ? "disabled" : ""}>${icon("refresh")}${t(status.running
          ? "syncui.running" : "syncui.now")}</button>`}
  </section>`;
}

function pendingList(entries) {
  if (!entries.length) return html`<p class="card muted">${t("syncui.pending_empty")}</p>`;
  return html`<ul class="card list entry-list">${entries.map((entry) => html`
    <li class="list-row pending-entry" data-mid="${entry.mid}">
      <span class="entry-text">${summary(entry)}</span>
      <span class="muted">${formatDateTime(entry.saved_at)}</span></li>`)}</ul>`;
}

function conflictCard(entry) {
  const clashes = entry.deleted || entry.op !== "put" ? []
    : settle(entry, withoutRev(entry.server)).clashes;
  return html`<li class="card conflict-entry" data-mid="${entry.mid}" data-kind="conflict">
    <p class="entry-title">${summary(entry)}</p>
    <p class="muted">${t("syncui.saved_at", { when: formatDateTime(entry.saved_at) })}</p>
    <div class="notice notice-warn">
      <p><strong>${t(entry.deleted ? "syncui.conflict.deleted" : "syncui.conflict_reason")}
      </strong></p>
      ${clashes.length ? html`<p>${t("syncui.conflict.fields", { fields: clashes.map(
        (name) => fieldName(entry.entity, name)).join(t("syncui.separator")) })}</p>` : ""}
    </div>
    <div class="entry-actions">
      <a class="btn btn-primary" href="#/conflict?mid=${entry.mid}">${t("syncui.conflict.open")}
      </a></div></li>`;
}

/** The name of a field a refused write was faulted on. */
function entryFieldLabel(entry, field) {
  if (entry.entity === "case_event") return tOr(`case.field.${field}`, field);
  return householdFieldLabel(entry, field) ?? leaderFieldLabel(entry, field)
    ?? situationFieldLabel(entry, field) ?? fieldLabel(field);
}

function rejectedCard(entry) {
  const form = FIX_FORMS[entry.entity];
  const errors = entry.errors ?? [];
  return html`<li class="card rejected-entry" data-mid="${entry.mid}" data-kind="${entry.kind}">
    <p class="entry-title">${summary(entry)}</p>
    <p class="muted">${t("syncui.saved_at", { when: formatDateTime(entry.saved_at) })}</p>
    <div class="notice rejected-reason">
      <p><strong>${entry.reason}</strong></p>
      ${errors.length ? html`<ul class="field-messages">${errors.map((e) => html`
        <li>${t("syncui.field_message", { field: entryFieldLabel(entry, e.field),
          message: e.message })}</li>
      `)}</ul>` : ""}
      ${entry.duplicate_of ? html`<p><a class="duplicate-link"
        href="#/household?id=${entry.duplicate_of}">${t("household.open_existing")}</a></p>` : ""}
    </div>
    <div class="entry-actions">
      ${form ? html`<a class="btn btn-primary" href="#/${form}?fix=${entry.mid}">
        ${t("syncui.fix")}</a>` : ""}
      ${entry.entity === "case_event" ? html`<a class="btn btn-secondary"
        href="#/case?id=${entry.data?.case_id}">${t("case.open")}</a>` : ""}
      <button type="button" class="btn btn-danger" data-action="discard" data-mid="${entry.mid}">
        ${t("syncui.discard")}</button>
    </div></li>`;
}

function template(status, pending, entries) {
  const conflicts = entries.filter((entry) => entry.kind === "conflict");
  const rejected = entries.filter((entry) => entry.kind !== "conflict");
  return html`
    ${statusCard(status, rejected, conflicts)}
    ${conflicts.length ? html`
      <h2 class="section-title">${t("syncui.conflict.list_title", { count: conflicts.length })}
      </h2>
      <p class="muted section-hint">${t("syncui.conflict.hint")}</p>
      <ul class="rejected-list conflict-list">${conflicts.map(conflictCard)}</ul>` : ""}
    ${rejected.length ? html`
      <h2 class="section-title">${t("syncui.rejected_title", { count: rejected.length })}</h2>
      <p class="muted section-hint">${t("syncui.rejected_hint")}</p>
      <ul class="rejected-list">${rejected.map(rejectedCard)}</ul>` : ""}
    <h2 class="section-title">${t("syncui.pending_title", { count: pending.length })}</h2>
    ${pendingList(pending)}`;
}

async function onClick(event, paint) {
  const button = event.target.closest("[data-action]");
  if (!button) return;
  const action = button.dataset.action;
  if (action === "sync") {
    syncNow();
  } else if (action === "relogin") {
    await forget();
    navigate("login");
  } else if (action === "discard" && window.confirm(t("syncui.discard_confirm"))) {
    await discardRefused(Number(button.dataset.mid));
    toast(t("syncui.discarded"));
    paint();
  }
}

/** Draw the sync screen; kept current while sync runs. */
export async function render(root, params, signal) {
  const uid = currentUser().id;
  const paint = async () => {
    const [pending, rejected] = await Promise.all([outboxEntries(uid), rejectedEntries(uid)]);
    texts = await caseTexts(uid, [...pending, ...rejected]);
    if (!signal.aborted) draw(root, template(syncStatus(), pending, rejected));
  };
  root.addEventListener("click", (event) => onClick(event, paint));
  onSync(signal, paint, SYNC_STATUS);
  await paint();
}

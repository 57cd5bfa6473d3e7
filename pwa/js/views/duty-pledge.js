// 我的承诺 (承诺践诺): one of my pledges from the phone's own store (works offline) — its text,
// due date and state (a returned one with the community's reason), its records of fulfilment
// with their photos, and the form to add one (text and photos, saved on the phone through the
// outbox). The same screen makes and edits a pledge (widgets/duty-pledge-form.js).
//   #/duty-pledge                 make a pledge
//   #/duty-pledge?id=<id>         open one
//   #/duty-pledge?edit=<id>       change its text or due date (until it is confirmed)
//   #/duty-pledge?fix=<mid>       correct a pledge or a record the server refused
import { draftDelete, draftGet, recordGet, rejectedGet } from "../db.js";
import { formatDateTime } from "../format.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { draftNotice, draftSaver, fixNotice } from "../offline-form.js";
import { saveLocal } from "../outbox.js";
import { photoField } from "../photo-field.js";
import { navigate } from "../router.js";
import { onSync } from "../screen.js";
import { currentUser } from "../session.js";
import { fillThumbs } from "../thumbs.js";
import { clearError } from "../widgets/diary-inputs.js";
import { lightboxTemplate, photoGrid, runLightbox } from "../widgets/diary-photos.js";
import { pledgeForm } from "../widgets/duty-pledge-form.js";
import { PLEDGE, pledgeState, recordsOfPledge, stateChip } from "../widgets/duty-pledges.js";

function syncChip(status) {
  if (!status || status === "synced") return "";
  return html`<a class="status-link" href="#/sync"><span class="status status-${status}"
    >${t(`diary.status.${status}`)}</span></a>`;
}

function pledgeCard(record, state) {
  const { data } = record;
  return html`<article class="card diary-detail" data-pledge-id="${data.id}"
      data-state="${state}">
    <div class="diary-head">${stateChip(state)}${syncChip(record.status)}</div>
    <p class="diary-full">${data.text}</p>
    <dl class="facts"><div><dt>${t("duty.pledge.field.due_on")}</dt><dd>${data.due_on}</dd></div>
      <div><dt>${t("duty.pledge.field.year")}</dt><dd>${data.year}</dd></div></dl>
    ${state === "returned" ? html`<p class="notice notice-warn" data-returned>${t(
      "duty.pledge.returned_because", { reason: data.reason })}</p>` : ""}
    ${state === "confirmed" ? html`<p class="notice notice-ok">${t("duty.pledge.confirmed_note")}
      </p>` : html`<a class="btn btn-secondary" href="#/duty-pledge?edit=${data.id}"
      >${icon("edit")}${t("duty.pledge.edit")}</a>`}
  </article>`;
}

function recordItem(record) {
  const { data } = record;
  const when = data.created_at ?? (record.saved_at ? new Date(record.saved_at).toISOString() : "");
  return html`<li class="card diary-card" data-pledge-record="${data.id}">
    <div class="diary-head"><time datetime="${when}">${formatDateTime(when)}</time>
      ${syncChip(record.status)}</div>
    <p class="diary-full">${data.text}</p>${photoGrid(data.photos)}</li>`;
}

function recordForm(values, { fix, restored }) {
  return html`<form class="card form" novalidate data-record-form>
    <h2 class="form-title">${t("duty.pledge.record.new")}</h2>
    ${fix ? fixNotice(fix, { intro: t("diary.form.fix_notice"), shown: new Set(["text",
      "photos"]), label: (name) => t(`duty.pledge.record.field.${name}`) }) : ""}
    ${restored ? draftNotice(t("diary.form.draft_restored"), t("diary.form.clear_draft")) : ""}
    <p class="form-error" role="alert" hidden></p>
    <label class="field"><span class="field-label">${t("duty.pledge.record.field.text")}<span
      class="required" aria-hidden="true">*</span></span>
      <textarea name="text" rows="3" maxlength="${PLEDGE.record_text_max}"
        placeholder="${t("duty.pledge.record.hint")}">${values.text}</textarea>
      <span class="field-error" data-error-for="text"></span></label>
    <div class="field" data-photos></div>
    <p class="muted">${t("diary.form.offline_hint")}</p>
    <button class="btn btn-primary btn-block" type="submit">${t("duty.pledge.record.save")}
    </button></form>`;
}

function notFound() {
  return html`<a class="back-link" href="#/duty">${icon("back")}${t("duty.pledge.back")}</a>
    <div class="card empty"><p>${t("duty.pledge.not_found")}</p></div>`;
}

/** Draw one pledge with its records and the form of a new record (fix: a refused record to
 *  correct instead). */
async function pledgePage(root, uid, pledgeId, signal, fix = null) {
  const draftKey = fix ? `duty-pledge-record:fix:${fix.mid}` : `duty-pledge-record:${pledgeId}`;
  const start = () => ({ text: fix?.data?.text ?? "", photos: [...(fix?.data?.photos ?? [])] });
  const draft = await draftGet(uid, draftKey);
  const values = draft?.values ? { ...start(), ...draft.values } : start();
  let restored = Boolean(draft);
  const paint = async () => {
    const pledge = await recordGet(uid, "duty_pledge", pledgeId);
    if (!pledge || pledge.data.created_by !== uid) return draw(root, notFound());
    const records = await recordsOfPledge(uid, pledgeId);
    const state = pledgeState(pledge, records);
    const form = () => root.querySelector("[data-record-form]");
    draw(root, html`<a class="back-link" href="#/duty">${icon("back")}${t("duty.pledge.back")}</a>
      ${pledgeCard(pledge, state)}
      <h2 class="section-title">${t("duty.pledge.records", { count: records.length })}</h2>
      ${records.length ? html`<ul class="diary-list">${records.map(recordItem)}</ul>`
        : html`<p class="card muted">${t("duty.pledge.no_records")}</p>`}
      ${state === "confirmed" && !fix ? "" : recordForm(values, { fix, restored })}
      ${lightboxTemplate()}`);
    fillThumbs(root, uid);
    if (!form()) return undefined;
    const saveDraft = draftSaver(uid, draftKey, values, form);
    if (fix) showErrors(form(), "", Object.fromEntries((fix.errors ?? []).map((e) => [e.field,
      e.message])));
    photoField(form().querySelector("[data-photos]"), { uid, name: "photos",
      shas: values.photos, max: PLEDGE.photos_max, onChange: saveDraft });
    form().addEventListener("input", (event) => {
      if (event.target.name !== "text") return;
      clearError(form(), "text");
      values.text = event.target.value;
      saveDraft();
    });
    form().querySelector("[data-action=clear]")?.addEventListener("click", async () => {
      await draftDelete(uid, draftKey);
      Object.assign(values, start());
      restored = false;
      paint();
    });
    form().addEventListener("submit", async (event) => {
      event.preventDefault();
      if (await saveRecord(form(), uid, pledgeId, values, fix, draftKey)) {
        if (fix) return navigate("sync");
        Object.assign(values, { text: "", photos: [] });
        restored = false;
        paint();
      }
      return undefined;
    });
    return undefined;
  };
  await paint();
  runLightbox(root, uid);
  onSync(signal, () => {
    // Never under the user's fingers: a record being written is redrawn only when empty.
    if (!values.text && !values.photos.length) paint();
  });
}

async function saveRecord(form, uid, pledgeId, values, fix, draftKey) {
  const text = values.text.trim();
  if (!text) {
    showErrors(form, t("diary.form.check"), { text: t("field.required") });
    return false;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await saveLocal("duty_pledge_record", { pledge_id: pledgeId, text,
      photos: [...values.photos] }, fix ? { id: fix.id, resolves: fix.mid } : {});
  } catch (error) {
    console.error("save", error);
    button.disabled = false;
    showErrors(form, t("diary.form.save_failed"));
    return false;
  }
  await draftDelete(uid, draftKey).catch(() => {});
  toast(t("duty.pledge.record.saved"));
  return true;
}

/** What the screen is for (see the head of this file). */
async function pledgeMode(uid, params) {
  if (params.fix) {
    const fix = await rejectedGet(uid, Number(params.fix));
    if (!fix) return { leave: "sync" };
    if (fix.kind === "conflict") return { leave: `conflict?mid=${fix.mid}` };
    if (fix.entity === "duty_pledge_record") return { record: fix };
    return { form: { fix, id: fix.id, draftKey: `duty-pledge:fix:${fix.mid}`,
      start: () => ({ text: fix.data?.text ?? "", due_on: fix.data?.due_on ?? "" }) } };
  }
  if (params.edit) {
    const record = await recordGet(uid, "duty_pledge", params.edit);
    if (!record || record.data.created_by !== uid) return { leave: "duty" };
    return { form: { id: params.edit, draftKey: `duty-pledge:edit:${params.edit}`,
      unchangedDue: record.data.due_on,
      start: () => ({ text: record.data.text, due_on: record.data.due_on }) } };
  }
  if (params.id) return { page: params.id };
  return { form: { draftKey: "duty-pledge:new", start: () => ({ text: "", due_on: "" }) } };
}

/** Draw the screen. */
export async function render(root, params = {}, signal) {
  const uid = currentUser().id;
  const mode = await pledgeMode(uid, params);
  if (mode.leave) return navigate(mode.leave);
  if (mode.form) return pledgeForm(root, uid, mode.form);
  if (mode.record) return pledgePage(root, uid, mode.record.data?.pledge_id, signal, mode.record);
  return pledgePage(root, uid, mode.page, signal);
}

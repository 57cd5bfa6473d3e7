// Write a diary (民情日记). Saved on the phone through the outbox; works with no signal.
// What is typed is kept as a draft in IndexedDB at every keystroke and restored on return.
// #/diary-new?fix=<mid> corrects a write the server refused, starting from what was sent.
import { draftDelete, draftGet, draftSet, rejectedGet } from "../db.js";
import {
  FORM_FIELDS, fieldLabel, localErrors, localToday, toData, toLocalInput, toValues,
} from "../diary-fields.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { saveLocal } from "../outbox.js";
import { photoField } from "../photo-field.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";

const KIND = "visit";

function input(field, value) {
  const common = html`id="f-${field.name}" name="${field.name}"
    ${field.required ? "required" : ""} placeholder="${field.hint ? t(field.hint) : ""}"`;
  if (field.type === "textarea") {
    return html`<textarea ${common} rows="3" maxlength="${field.max}">${value}</textarea>`;
  }
  if (field.type === "datetime") {
    return html`<input type="datetime-local" ${common} value="${value}"
      max="${localToday()}T23:59">`;
  }
  if (field.type === "date") return html`<input type="date" ${common} value="${value}">`;
  return html`<input ${common} value="${value}" maxlength="${field.max}">`;
}

function fieldTemplate(field, values) {
  if (field.type === "photos") return html`<div class="field" data-photos="${field.name}"></div>`;
  return html`<div class="field">
    <label class="field-label" for="f-${field.name}">${fieldLabel(field.name)}${field.required
      ? html`<span class="required" aria-hidden="true">*</span>` : ""}</label>
    ${input(field, values[field.name])}
    <span class="field-error" data-error-for="${field.name}"></span></div>`;
}

function template(kind, values, { fix, restored, shown }) {
  const otherErrors = (fix?.errors ?? []).filter((e) => !shown.has(e.field));
  const back = fix ? "sync" : "diary";
  return html`
    <a class="back-link" href="#/${back}">
      ${icon("back")}${t(fix ? "syncui.title" : "nav.diary")}</a>
    <form class="card form diary-form" novalidate>
      ${fix ? html`<div class="notice" role="alert"><p>${t("diary.form.fix_notice")}</p>
        <p><strong>${fix.reason || t("syncui.conflict_reason")}</strong></p>
        ${otherErrors.map((e) => html`<p>${t("syncui.field_message",
          { field: fieldLabel(e.field), message: e.message })}</p>`)}</div>` : ""}
      ${restored ? html`<div class="notice notice-warn draft-notice">
        <span>${t("diary.form.draft_restored")}</span>
        <button type="button" class="btn btn-light" data-action="clear">
          ${t("diary.form.clear_draft")}</button></div>` : ""}
      <p class="form-error" role="alert" hidden></p>
      ${FORM_FIELDS[kind].map((field) => fieldTemplate(field, values))}
      <p class="muted">${t("diary.form.offline_hint")}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("diary.form.save")}</button>
    </form>`;
}

/** The values of the form's own inputs (photos are kept by their widget). */
function readInputs(form, kind, values) {
  for (const field of FORM_FIELDS[kind]) {
    if (field.type !== "photos") values[field.name] = form.elements[field.name].value;
  }
  return values;
}

function fieldMessages(errors = []) {
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}

/** Draw the diary form (new, or correcting a refused write). */
export async function render(root, params = {}) {
  const uid = currentUser().id;
  const fix = params.fix ? await rejectedGet(uid, Number(params.fix)) : null;
  if (params.fix && !fix) return navigate("sync"); // already corrected or discarded
  const kind = FORM_FIELDS[fix?.data?.kind] ? fix.data.kind : KIND;
  const draftKey = fix ? `diary:fix:${fix.mid}` : "diary:new";
  const shown = new Set(["kind", ...FORM_FIELDS[kind].map((f) => f.name)]);
  // Fields this form does not show travel on unchanged (a household chosen elsewhere).
  const extra = Object.fromEntries(Object.entries(fix?.data ?? {}).filter(([k]) => !shown.has(k)));
  const start = () => (fix ? toValues(kind, fix.data)
    : { ...toValues(kind, {}), occurred_at: toLocalInput() });
  const draft = await draftGet(uid, draftKey);
  const values = draft?.values ?? start();

  const paint = (restored) => {
    draw(root, template(kind, values, { fix, restored, shown }));
    const form = root.querySelector("form");
    if (fix) showErrors(form, "", fieldMessages(fix.errors));
    let saving = 0; // data-draft="saved" once every keystroke so far is on the phone
    const saveDraft = () => {
      saving += 1;
      form.dataset.draft = "saving";
      draftSet(uid, draftKey, { values, saved_at: Date.now() }).catch(() => {}).finally(() => {
        saving -= 1;
        if (!saving) form.dataset.draft = "saved";
      });
    };
    form.addEventListener("input", () => saveDraft(readInputs(form, kind, values)));
    root.querySelectorAll("[data-photos]").forEach((element) => {
      const field = FORM_FIELDS[kind].find((f) => f.name === element.dataset.photos);
      values[field.name] ??= [];
      photoField(element, {
        uid, name: field.name, shas: values[field.name], max: field.max,
        onChange: saveDraft, onError: (message) => toast(message, "error"),
      });
    });
    form.querySelector("[data-action=clear]")?.addEventListener("click", async () => {
      await draftDelete(uid, draftKey);
      Object.assign(values, start());
      paint(false);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit(form, { uid, kind, values: readInputs(form, kind, values), extra, fix, draftKey });
    });
  };
  paint(Boolean(draft));
}

async function submit(form, { uid, kind, values, extra, fix, draftKey }) {
  const errors = localErrors(kind, values);
  if (Object.keys(errors).length) {
    showErrors(form, t("diary.form.check"), errors);
    form.querySelector("[aria-invalid=true]")?.focus();
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await saveLocal("diary", toData(kind, values, extra),
      fix ? { id: fix.id, resolves: fix.mid } : {});
  } catch (error) {
    console.error("save", error);
    button.disabled = false;
    return showErrors(form, t("diary.form.save_failed"));
  }
  await draftDelete(uid, draftKey).catch(() => {});
  toast(t("diary.form.saved"));
  navigate(fix ? "sync" : "diary");
}

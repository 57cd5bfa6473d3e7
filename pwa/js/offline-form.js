// Pieces the forms that save on the phone share: the draft kept at every keystroke, the notice
// that it was restored, the notice of a write the server refused, and the save itself.
import { draftDelete, draftSet } from "./db.js";
import { showErrors } from "./forms.js";
import { html } from "./html.js";
import { t } from "./i18n.js";
import { saveLocal } from "./outbox.js";

/** A function that keeps values as the user's draft under key. The form (formOf() finds
 *  it) says data-draft="saved" once every keystroke so far is on the phone. */
export function draftSaver(uid, key, values, formOf) {
  let saving = 0;
  return () => {
    saving += 1;
    formOf().dataset.draft = "saving";
    draftSet(uid, key, { values, saved_at: Date.now() }).catch(() => {}).finally(() => {
      saving -= 1;
      if (!saving && formOf()) formOf().dataset.draft = "saved";
    });
  };
}

/** The notice that a draft was restored, with the button that clears it. */
export function draftNotice(text, clearLabel) {
  return html`<div class="notice notice-warn draft-notice">
    <span>${text}</span>
    <button type="button" class="btn btn-light" data-action="clear">${clearLabel}</button></div>`;
}

/** The notice on a form that corrects a refused write: intro, the reason, and the messages
 *  of fields the form does not show (label names them); extra goes last. */
export function fixNotice(fix, { intro, shown, label, extra = "" }) {
  const others = (fix.errors ?? []).filter((e) => !shown.has(e.field));
  return html`<div class="notice" role="alert"><p>${intro}</p>
    <p><strong>${fix.reason || t("syncui.conflict_reason")}</strong></p>
    ${others.map((e) => html`<p>${t("syncui.field_message",
      { field: label(e.field), message: e.message })}</p>`)}
    ${extra}</div>`;
}

/** Save a form's record on the phone (through the outbox): a new one, the one mode.id edits,
 *  or the refused write mode.fix corrects; its draft (mode.draftKey) is then dropped. The
 *  record's id, or null when the phone could not keep it (the form says so, and may be sent
 *  again). */
export async function saveForm(form, uid, entity, data, mode) {
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  let id;
  try {
    id = await saveLocal(entity, data,
      mode.fix ? { id: mode.fix.id, resolves: mode.fix.mid } : { id: mode.id ?? null });
  } catch (error) {
    console.error("save", error);
    button.disabled = false;
    showErrors(form, t("diary.form.save_failed"));
    return null;
  }
  await draftDelete(uid, mode.draftKey).catch(() => {});
  return id;
}

// The short form of each step of a case (办理), drawn in the case page's sheet: its fields by
// kind (labels: case.field.<name>, choices: <prefix><value>), what the phone can check
// itself, and the event's data. The server is the judge (qzapp/ledger/entity.py DATA).
import { showErrors } from "../forms.js";
import { html, render } from "../html.js";
import { t } from "../i18n.js";
import { LEDGER } from "../ledger/cases.js";
import { photoField } from "../photo-field.js";
import { bindPerson, chosenPerson, personTemplate } from "./case-person.js";
import { choiceChips, clearError } from "./diary-inputs.js";

const MAX = LEDGER.text_max;
const note = { name: "note", type: "textarea" };
const reason = { name: "reason", type: "textarea", required: true };
const chips = (name, choices, prefix) => ({ name, type: "chips", required: true, choices,
  choiceLabel: (value) => t(`${prefix}${value}`) });

// The fields of each step; type: textarea | text | chips | photos | person | target; label:
// the field's name in case.field.* when not its own.
const FORMS = {
  accept: [note],
  assign: [{ name: "to_user_id", type: "person" }, note],
  transfer: [{ name: "to_user_id", type: "person" }, reason],
  return: [reason],
  mediate: [chips("mediation", LEDGER.mediation_kinds, "case.mediation."),
    chips("outcome", LEDGER.mediation_outcomes, "case.outcome."),
    { name: "mediator", type: "text", required: true },
    { name: "parties", type: "textarea", required: true }, note],
  take: [note],
  note: [{ name: "text", type: "textarea", label: "note_text" },
    { name: "photos", type: "photos" }],
  reply: [chips("by", LEDGER.reply_by, "case.how."),
    { name: "text", type: "textarea", required: true, label: "reply_text" }],
  close: [chips("result", LEDGER.close_results, "case.result."),
    { name: "done", type: "textarea", required: true }],
  rate: [chips("satisfaction", LEDGER.satisfaction, "case.satisfaction."),
    chips("asked_by", LEDGER.asked_by, "case.how."), { name: "comment", type: "textarea" }],
  reopen: [reason],
  backlog: [{ ...reason, required: false }],
  correct: [{ name: "target", type: "target" }, { name: "text", type: "textarea",
    required: true, label: "correct_text" }],
};

function label(field) {
  const star = field.required ? html`<span class="required" aria-hidden="true">*</span>` : "";
  return html`${t(`case.field.${field.label ?? field.name}`)}${star}`;
}

/** The event a correction may name: the user's own, not superseded. */
function targetOptions(events) {
  return events.map((event) => html`<option value="${event.id}">${t("case.correct_target", {
    step: t(`case.event.${event.kind}`), when: (event.at || "").slice(5, 16).replace("T", " ") })}
    </option>`);
}

function fieldTemplate(field, own) {
  const id = `cf-${field.name}`;
  if (field.type === "person") return personTemplate();
  if (field.type === "photos") return html`<div class="field" data-photos="photos"></div>`;
  if (field.type === "chips") {
    return html`<fieldset class="field"><legend class="field-label">${label(field)}</legend>
      ${choiceChips(field.name, field.choices, "", field.choiceLabel)}
      <span class="field-error" data-error-for="${field.name}"></span></fieldset>`;
  }
  const control = field.type === "target" ? html`<select id="${id}" name="target">
      ${targetOptions(own)}</select>`
    : field.type === "text" ? html`<input id="${id}" name="${field.name}" autocomplete="off">`
      : html`<textarea id="${id}" name="${field.name}" rows="3" maxlength="${MAX}"></textarea>`;
  return html`<div class="field"><label class="field-label" for="${id}">${label(field)}</label>
    ${control}<span class="field-error" data-error-for="${field.name}"></span></div>`;
}

/** The form of a step: its title (backlog says which way), fields, 取消 and 保存. */
function formTemplate(kind, { state, own }) {
  const title = kind === "backlog" ? t(state.backlog ? "case.backlog_off" : "case.backlog_on")
    : t(`case.action.${kind}`);
  return html`<form class="form case-form" data-kind="${kind}" novalidate>
    <h2 class="form-title">${title}</h2>
    <p class="form-error" role="alert" hidden></p>
    ${FORMS[kind].map((field) => fieldTemplate(field, own))}
    <div class="button-row">
      <button type="button" class="btn btn-secondary" data-action="cancel">${t(
        "case.cancel")}</button>
      <button type="submit" class="btn btn-primary">${t("case.save")}</button></div></form>`;
}

/** {data, errors} of the form's values. */
function read(form, kind, { state, photos }) {
  const data = {};
  const errors = {};
  for (const field of FORMS[kind]) {
    if (field.type === "person") {
      const person = chosenPerson(form);
      if (person) data.to_user_id = person.id;
      else errors.to_user_id = t("case.person.pick");
      continue;
    }
    if (field.type === "photos") {
      if (photos.length) data.photos = [...photos];
      continue;
    }
    const value = (field.type === "chips" ? form.elements[field.name]?.value
      : form.elements[field.name]?.value?.trim()) ?? "";
    if (field.required && !value) errors[field.name] = t("field.required");
    else if (value.length > MAX) errors[field.name] = t("field.too_long", { max: MAX });
    if (value) data[field.name] = value;
  }
  if (kind === "note" && !data.text && !data.photos) errors.text = t("case.note_empty");
  if (kind === "backlog") data.on = !state.backlog;
  return { data, errors };
}

/** Draw the form of a step into element and run it: onSave(data, person) when it passes the
 *  phone's checks (its promise settles the form), onCancel() otherwise. own: the user's own
 *  events on the case, for a correction. */
export function caseForm(element, { kind, state, uid, own = [], onSave, onCancel }) {
  render(element, formTemplate(kind, { state, own }));
  const form = element.querySelector("form");
  const photos = [];
  const photoSlot = form.querySelector("[data-photos]");
  if (photoSlot) {
    photoField(photoSlot, { uid, name: "photos", shas: photos, max: LEDGER.photos_max,
      onChange: () => clearError(form, "text") });
  }
  const picker = form.querySelector(".person-picker");
  if (picker) {
    bindPerson(picker, { caseId: state.id, kind,
      exclude: [uid, kind === "transfer" ? state.owner_id : state.handler_id] });
  }
  form.addEventListener("input", (event) => clearError(form, event.target.name));
  form.querySelector("[data-action=cancel]").addEventListener("click", onCancel);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { data, errors } = read(form, kind, { state, photos });
    if (Object.keys(errors).length) return showErrors(form, t("diary.form.check"), errors);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await onSave(data, chosenPerson(form));
    } catch (error) {
      console.error("case step", error);
      button.disabled = false;
      showErrors(form, t("diary.form.save_failed"));
    }
  });
  form.querySelector("input, textarea, select")?.focus({ preventScroll: true });
}

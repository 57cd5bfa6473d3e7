// The diary form's parts as templates: the kind picker and one field of each type.
// Household, location and photos are widgets drawn into their placeholder afterwards.
import { KINDS, formLabel, localToday } from "../diary-fields.js";
import { html } from "../html.js";
import { t } from "../i18n.js";

function required(field) {
  return field.required ? html`<span class="required" aria-hidden="true">*</span>` : "";
}

/** Radio chips: one tap picks one of few choices (kind, activity type, appeal category). */
export function choiceChips(name, choices, current, label) {
  return html`<div class="choice-chips" role="radiogroup">${choices.map((choice) => html`
    <label class="choice-chip"><input type="radio" name="${name}" value="${choice}"
      ${choice === current ? "checked" : ""}><span>${label(choice)}</span></label>`)}
  </div>`;
}

/** The kind picker at the top of the form (走访 / 基层夜话 / 群众活动 / 会议). */
export function kindPicker(kind) {
  return html`<fieldset class="field kind-picker">
    <legend class="field-label">${t("diary.field.kind")}</legend>
    ${choiceChips("kind", KINDS, kind, (name) => t(`diary.kind.${name}`))}</fieldset>`;
}

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
  if (field.type === "number") {
    return html`<input type="number" inputmode="numeric" min="${field.min}" max="${field.max}"
      step="1" ${common} value="${value}">`;
  }
  return html`<input ${common} value="${value}" maxlength="${field.max}">`;
}

/** One field of the form, or the placeholder of its widget. */
export function fieldTemplate(field, values) {
  if (field.type === "photos") return html`<div class="field" data-photos="${field.name}"></div>`;
  if (field.type === "household") return html`<div class="field" data-household-field></div>`;
  if (field.type === "location") return html`<div class="field-location" data-location></div>`;
  if (field.type === "select") {
    return html`<fieldset class="field">
      <legend class="field-label">${formLabel(field)}${required(field)}</legend>
      ${choiceChips(field.name, field.choices, values[field.name], field.choiceLabel)}
      <span class="field-error" data-error-for="${field.name}"></span></fieldset>`;
  }
  return html`<div class="field">
    <label class="field-label" for="f-${field.name}">${formLabel(field)}${required(field)}</label>
    ${input(field, values[field.name])}
    <span class="field-error" data-error-for="${field.name}"></span></div>`;
}

/** Fields whose value lives in a form control (the widgets keep their own). */
export function isControl(field) {
  return !["photos", "household", "location"].includes(field.type);
}

/** A field changed: its message goes (the others stay until the next save). */
export function clearError(form, name) {
  const slot = form.querySelector(`[data-error-for="${name}"]`);
  if (!slot?.textContent) return;
  slot.textContent = "";
  slot.previousElementSibling?.setAttribute("aria-invalid", "false");
}

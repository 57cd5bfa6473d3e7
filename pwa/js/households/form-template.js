// The household form's markup: register fields, the members editor's slot, the duplicate
// warning, and the notice of a write the server refused.
import { html } from "../html.js";
import { t, tOr } from "../i18n.js";
import { icon } from "../icons.js";
import { draftNotice, fixNotice } from "../offline-form.js";
import { DIFFICULTY_TYPES } from "./rules.js";

/** A field's label (its name when the catalogue has none). */
export function fieldLabel(name) {
  return tOr(`household.field.${name}`, name);
}

function field(name, control, { required = false, hint = "" } = {}) {
  return html`<div class="field">
    <label class="field-label" for="h-${name}">${fieldLabel(name)}${required
      ? html`<span class="required" aria-hidden="true">*</span>` : ""}</label>
    ${control}
    <span class="field-error" data-error-for="${name}"></span>
    ${hint ? html`<span class="field-hint">${hint}</span>` : ""}</div>`;
}

function nodeSelect(nodes, value) {
  return html`<select id="h-node_id" name="node_id" required>
    ${nodes.length === 1 ? "" : html`<option value="">${t("admin.choose")}</option>`}
    ${nodes.map((node) => html`<option value="${node.id}"
      ${String(node.id) === value ? "selected" : ""}>${node.name}</option>`)}</select>`;
}

function difficultySelect(value) {
  return html`<select id="h-difficulty_type" name="difficulty_type" required>
    <option value="">${t("admin.choose")}</option>
    ${DIFFICULTY_TYPES.map((type) => html`<option value="${type}"
      ${type === value ? "selected" : ""}>${t(`household.difficulty.${type}`)}</option>`)}
    </select>`;
}

function text(name, value, attributes = "") {
  return html`<input id="h-${name}" name="${name}" value="${value}" ${attributes}>`;
}

function refusal(fix, shown) {
  return fixNotice(fix, { intro: t("household.form.fix_notice"), shown, label: fieldLabel,
    extra: fix.duplicate_of ? html`<p><a href="#/household?id=${fix.duplicate_of}">
      ${t("household.open_existing")}</a></p>` : "" });
}

/** The form (values are strings; nodes: the villages and grids to choose from). */
export function formTemplate(values, nodes, { back, fix, restored, shown }) {
  return html`
    <a class="back-link" href="#/${back.path}">${icon("back")}${back.label}</a>
    <form class="card form household-form" novalidate>
      ${fix ? refusal(fix, shown) : ""}
      ${restored ? draftNotice(t("household.form.draft_restored"),
        t("household.form.clear_draft")) : ""}
      <p class="form-error" role="alert" hidden></p>
      ${field("node_id", nodeSelect(nodes, values.node_id), { required: true,
        hint: nodes.length ? "" : t("household.form.no_nodes") })}
      ${field("head_name", text("head_name", values.head_name,
        html`maxlength="40" required autocomplete="off"`), { required: true })}
      ${field("difficulty_type", difficultySelect(values.difficulty_type), { required: true })}
      ${field("needs", html`<textarea id="h-needs" name="needs" rows="3" maxlength="500"
        placeholder="${t("household.hint.needs")}">${values.needs}</textarea>`)}
      ${field("address", text("address", values.address,
        html`maxlength="200" autocomplete="off" placeholder="${t("household.hint.address")}"`))}
      ${field("phone", text("phone", values.phone,
        html`type="tel" inputmode="tel" maxlength="20" autocomplete="off"`))}
      ${field("id_number", text("id_number", values.id_number,
        html`maxlength="18" autocomplete="off" autocapitalize="characters" spellcheck="false"`),
        { hint: t("household.hint.id_number") })}
      <div class="field members-field" data-members></div>
      <div class="notice notice-warn duplicate-warning" role="alert" data-duplicate hidden></div>
      <p class="muted">${t("household.form.offline_hint")}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("household.form.save")}</button>
    </form>`;
}

/** The warning that the village already has this household, with a link to it. */
export function duplicateTemplate(record) {
  return html`<p><strong>${t("household.duplicate_local")}</strong></p>
    <p>${record.data.head_name} · ${record.data.address || ""}</p>
    <a class="btn btn-secondary btn-block" href="#/household?id=${record.id}">
      ${t("household.open_existing")}</a>`;
}

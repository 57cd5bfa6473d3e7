// 转为诉求: a concern written in a diary becomes an appeal for the ledger (民情台账) in one tap.
// The small form opens prefilled (the diary's heard text, its household, the link back to the
// diary); it is saved on the phone through the outbox and kept as a draft while typed.
import { draftDelete, draftGet, draftSet, recordsOf } from "../db.js";
import { showErrors } from "../forms.js";
import { html, render } from "../html.js";
import { t } from "../i18n.js";
import { toast } from "../notice.js";
import { saveLocal } from "../outbox.js";
import { statusChip } from "./diary-card.js";
import { choiceChips, clearError } from "./diary-inputs.js";

// qzapp/ledger/entity.py CATEGORIES; labels: appeal.category.<name>.
export const CATEGORIES = ["infrastructure", "medical", "education", "social_security",
  "housing", "land", "employment", "environment", "dispute", "other"];
// Who may raise appeals (qzapp/ledger/entity.py WRITERS).
export const APPEAL_WRITERS = ["cadre", "first_secretary", "village_staff", "grid_worker",
  "leader"];
const TEXT_MAX = 2000;

/** One line that names an appeal (the sync screen's list). */
export function appealSummary(data = {}) {
  const category = data.category ? t(`appeal.category.${data.category}`) : "";
  return [t("appeal.name"), category, data.text].filter(Boolean).join(" · ");
}

/** The appeals on the phone raised from one diary, oldest first. */
export async function appealsOf(uid, diaryId) {
  const records = await recordsOf(uid, "appeal").catch(() => []);
  const when = (r) => r.data.created_at || new Date(r.saved_at || 0).toISOString();
  return records.filter((r) => r.data?.diary_id === diaryId)
    .sort((a, b) => when(a).localeCompare(when(b)));
}

/** The list of those appeals (nothing when there are none). */
export function appealsTemplate(records) {
  if (!records.length) return html``;
  return html`<h2 class="section-title">${t("diary.view.appeals_title", { count: records.length })}
    </h2>
    <ul class="appeal-list">${records.map(({ data, status }) => html`
      <li class="card appeal-item" data-id="${data.id}" data-status="${status}">
        <div class="diary-head"><span class="chip">${t(`appeal.category.${data.category}`)}</span>
          ${statusChip(status)}</div>
        <p class="appeal-text">${data.text}</p></li>`)}</ul>`;
}

function formTemplate(values, household) {
  return html`<form class="card form appeal-form" novalidate>
    <h2 class="form-title">${t("appeal.form.title")}</h2>
    <p class="muted">${household ? t("appeal.form.from_diary_household", {
    name: household.head_name }) : t("appeal.form.from_diary")}</p>
    <p class="form-error" role="alert" hidden></p>
    <fieldset class="field">
      <legend class="field-label">${t("appeal.field.category")}<span class="required"
        aria-hidden="true">*</span></legend>
      ${choiceChips("category", CATEGORIES, values.category,
    (name) => t(`appeal.category.${name}`))}
      <span class="field-error" data-error-for="category"></span></fieldset>
    <div class="field">
      <label class="field-label" for="a-text">${t("appeal.field.text")}<span class="required"
        aria-hidden="true">*</span></label>
      <textarea id="a-text" name="text" rows="4" maxlength="${TEXT_MAX}">${values.text}</textarea>
      <span class="field-error" data-error-for="text"></span></div>
    <div class="button-row">
      <button type="button" class="btn btn-secondary" data-action="cancel">
        ${t("appeal.form.cancel")}</button>
      <button type="submit" class="btn btn-primary">${t("appeal.form.save")}</button></div>
  </form>`;
}

function problems(values) {
  const errors = {};
  if (!CATEGORIES.includes(values.category)) errors.category = t("field.required");
  if (!values.text.trim()) errors.text = t("field.required");
  else if (values.text.trim().length > TEXT_MAX) {
    errors.text = t("field.too_long", { max: TEXT_MAX });
  }
  return errors;
}

function appealData(diary, values) {
  const data = { category: values.category, text: values.text.trim(), diary_id: diary.id,
    channel: diary.kind === "evening_talk" ? "evening_talk" : "diary" };
  if (diary.household_id) data.household_id = diary.household_id;
  return data;
}

/** Whether a half-typed appeal waits for this diary. */
export async function hasAppealDraft(uid, diaryId) {
  return Boolean(await draftGet(uid, `appeal:diary:${diaryId}`).catch(() => undefined));
}

/** Draw the appeal form for a diary into element; onDone(saved) when saved or cancelled. */
export async function appealForm(element, { uid, diary, household, onDone }) {
  const key = `appeal:diary:${diary.id}`;
  const draft = await draftGet(uid, key).catch(() => undefined);
  const values = draft ?? { category: "", text: diary.heard || diary.done || diary.topic || "" };
  render(element, formTemplate(values, household));
  const form = element.querySelector("form");
  const read = () => Object.assign(values, {
    category: form.elements.category.value, text: form.elements.text.value });
  form.addEventListener("input", (event) => {
    clearError(form, event.target.name);
    draftSet(uid, key, read()).catch(() => {});
  });
  form.querySelector("[data-action=cancel]").addEventListener("click", async () => {
    await draftDelete(uid, key).catch(() => {});
    onDone(false);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = problems(read());
    if (Object.keys(errors).length) return showErrors(form, t("diary.form.check"), errors);
    form.querySelector("button[type=submit]").disabled = true;
    try {
      await saveLocal("appeal", appealData(diary, values));
    } catch (error) {
      console.error("appeal", error);
      form.querySelector("button[type=submit]").disabled = false;
      return showErrors(form, t("diary.form.save_failed"));
    }
    await draftDelete(uid, key).catch(() => {});
    toast(t("appeal.form.saved"));
    onDone(true);
  });
  form.scrollIntoView({ block: "start" });
  form.elements.category[0]?.focus({ preventScroll: true });
}

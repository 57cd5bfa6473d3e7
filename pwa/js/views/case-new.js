// 登记诉求: a case taken in on the phone (works offline), in three taps from a household's page
// (登记诉求, a category, 保存) or from a diary (转为诉求), or walk-in from nothing. The person is
// prefilled from the household's head when the phone knows them; 立即受理 (on by default)
// writes the acceptance too. What is typed is kept as a draft at every keystroke. A household
// that already has an open case of the same category is named, not refused.
//   #/case-new                  walk-in
//   #/case-new?household=<id>   from a household
//   #/case-new?diary=<id>       from a diary (its household, what was heard)
//   #/case-new?reception=<id>   at a leader's reception (F9): channel 领导接访, the receive event
//                               names it; 本人包案 queues the leader's take right after it
import { draftDelete, draftGet, recordGet } from "../db.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { LEDGER, foldContext, householdCases, receiveCase, writeEvent } from "../ledger/cases.js";
import { whenText } from "../leaders/reception-parts.js";
import { toast } from "../notice.js";
import { draftNotice, draftSaver } from "../offline-form.js";
import { photoField } from "../photo-field.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import { caseStyles } from "../widgets/case-parts.js";
import { choiceChips, clearError } from "../widgets/diary-inputs.js";

const TEXT_FIELDS = ["text", "person_name", "person_phone", "channel"];
// The channel of cases taken in at a leader's reception (qzapp/ledger/rules.py).
const RECEPTION_CHANNEL = "leader_reception";

/** A leader's reception on the phone that a case may name (not cancelled), else null. */
async function receptionOf(uid, id) {
  const reception = id ? (await recordGet(uid, "reception", id))?.data : null;
  return reception && !reception.deleted && reception.status !== "cancelled" ? reception : null;
}

/** Where the case comes from: {diary, household, reception, back, draftKey, start()}. */
async function sourceOf(uid, params) {
  const diary = params.diary ? (await recordGet(uid, "diary", params.diary))?.data : null;
  const householdId = diary?.household_id || params.household || "";
  const record = householdId ? await recordGet(uid, "household", householdId) : undefined;
  const household = record?.data ?? null;
  const reception = await receptionOf(uid, params.reception);
  const back = diary ? `diary-view?id=${diary.id}` : household ? `household?id=${household.id}`
    : reception ? `leader-reception?id=${reception.id}` : "cases";
  const draftKey = diary ? `case:diary:${diary.id}` : household ? `case:household:${householdId}`
    : reception ? `case:reception:${reception.id}` : "case:walk-in";
  const start = () => {
    const person = household && !household.masked
      ? { person_name: household.head_name ?? "", person_phone: household.phone ?? "" }
      : { person_name: "", person_phone: "" };
    return { category: "", urgency: "normal", backlog: false, accept: true, take: false,
      photos: [], channel: reception ? RECEPTION_CHANNEL
        : diary ? (diary.kind === "evening_talk" ? "evening_talk" : "diary") : "reception",
      text: diary ? diary.heard || diary.done || diary.topic || "" : "", ...person };
  };
  return { diary, household, householdId, reception, back, draftKey, start };
}

function sourceLine({ diary, household, reception }) {
  if (diary) {
    return household ? t("intake.from_diary_household", { name: household.head_name })
      : t("intake.from_diary");
  }
  if (household) return t("intake.from_household", { name: household.head_name });
  return reception ? t("intake.from_reception", { when: whenText(reception.starts_at),
    place: reception.place }) : t("intake.walk_in");
}

function backLabel({ diary, household, reception }) {
  return t(diary ? "diary.view.title" : household ? "household.title"
    : reception ? "leader.reception.edit" : "nav.cases_mine");
}

function required() {
  return html`<span class="required" aria-hidden="true">*</span>`;
}

function option(value, label, current) {
  return html`<option value="${value}" ${value === current ? "selected" : ""}>${label}</option>`;
}

function template(values, source, restored) {
  return html`<a class="back-link" href="#/${source.back}">${icon("back")}${backLabel(source)}
    </a>
    <form class="card form case-intake" novalidate>
      ${restored ? draftNotice(t("diary.form.draft_restored"), t("diary.form.clear_draft")) : ""}
      <p class="muted">${sourceLine(source)}</p>
      <p class="form-error" role="alert" hidden></p>
      <fieldset class="field"><legend class="field-label">${t("case.field.category")}${
        required()}</legend>
        ${choiceChips("category", LEDGER.categories, values.category,
    (name) => t(`appeal.category.${name}`))}
        <span class="field-error" data-error-for="category"></span></fieldset>
      <div data-duplicates></div>
      <div class="field"><label class="field-label" for="c-text">${t("case.field.text")}${
        required()}</label>
        <textarea id="c-text" name="text" rows="4"
          maxlength="${LEDGER.text_max}">${values.text}</textarea>
        <span class="field-error" data-error-for="text"></span></div>
      <div class="field"><label class="field-label" for="c-channel">${t("case.field.channel")}
        </label><select id="c-channel" name="channel">${LEDGER.channels.map((name) => option(
    name, t(`case.channel.${name}`), values.channel))}</select>
        <span class="field-error" data-error-for="channel"></span></div>
      <fieldset class="field"><legend class="field-label">${t("case.field.urgency")}</legend>
        ${choiceChips("urgency", LEDGER.urgencies, values.urgency,
      (name) => t(`case.urgency.${name}`))}</fieldset>
      <div class="field"><label class="field-label" for="c-person">${t("case.field.person_name")}
        </label><input id="c-person" name="person_name" value="${values.person_name}"
          autocomplete="off">
        <span class="field-error" data-error-for="person_name"></span></div>
      <div class="field"><label class="field-label" for="c-phone">${t("case.field.person_phone")}
        </label><input id="c-phone" name="person_phone" type="tel" inputmode="tel"
          value="${values.person_phone}" autocomplete="off">
        <span class="field-error" data-error-for="person_phone"></span></div>
      <div class="field" data-photos="photos"></div>
      <label class="check"><input type="checkbox" name="backlog" ${values.backlog
        ? "checked" : ""}><span>${t("intake.backlog")}</span></label>
      <label class="check"><input type="checkbox" name="accept" ${values.accept
        ? "checked" : ""}><span>${t("intake.accept_now")}</span></label>
      ${source.reception ? html`<label class="check"><input type="checkbox" name="take" ${
        values.take ? "checked" : ""}><span>${t("intake.take")}</span></label>` : ""}
      <p class="muted">${t("intake.offline_hint")}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("intake.save")}</button>
    </form>`;
}

function readInputs(form, values) {
  for (const name of TEXT_FIELDS) values[name] = form.elements[name].value;
  values.category = form.elements.category.value;
  values.urgency = form.elements.urgency.value || "normal";
  values.backlog = form.elements.backlog.checked;
  values.accept = form.elements.accept.checked;
  values.take = Boolean(form.elements.take?.checked);
  return values;
}

function problems(values, source) {
  const errors = {};
  if (!LEDGER.categories.includes(values.category)) errors.category = t("field.required");
  const text = values.text.trim();
  if (!text) errors.text = t("field.required");
  else if (text.length > LEDGER.text_max) {
    errors.text = t("field.too_long", { max: LEDGER.text_max });
  }
  if (!LEDGER.channels.includes(values.channel)) errors.channel = t("field.required");
  else if (source.reception && values.channel !== RECEPTION_CHANNEL) {
    errors.channel = t("case.reception_channel");
  }
  return errors;
}

/** The receive event's data: what was typed, the household, diary or reception it comes
 *  from. */
function caseData(values, source) {
  const data = { channel: values.channel, category: values.category, urgency: values.urgency,
    text: values.text.trim(), backlog: values.backlog };
  const person = { person_name: values.person_name.trim(),
    person_phone: values.person_phone.trim(), household_id: source.householdId,
    diary_id: source.diary?.id ?? "", reception_id: source.reception?.id ?? "" };
  for (const [name, value] of Object.entries(person)) if (value) data[name] = value;
  if (values.photos.length) data.photos = [...values.photos];
  return data;
}

/** Name the household's open cases of the chosen category (a warning, not a refusal). */
async function showDuplicates(slot, uid, source, category, context) {
  if (!source.householdId || !category) return draw(slot, html``);
  const same = (await householdCases(uid, source.householdId, context))
    .filter(({ state }) => state.category === category && LEDGER.open.includes(state.status));
  draw(slot, same.length ? html`<div class="notice notice-warn duplicate-warning" role="status">
    <p>${t("intake.duplicate", { count: same.length })}</p>
    ${same.map(({ state }) => html`<a href="#/case?id=${state.id}">${state.text}</a>`)}</div>`
    : html``);
}

/** Draw the intake form. */
export async function render(root, params) {
  caseStyles();
  const user = currentUser();
  const uid = user.id;
  const [source, context] = await Promise.all([sourceOf(uid, params), foldContext(user)]);
  const draft = await draftGet(uid, source.draftKey).catch(() => undefined);
  const values = draft?.values ? { ...source.start(), ...draft.values } : source.start();
  const form = () => root.querySelector("form");
  const saveDraft = draftSaver(uid, source.draftKey, values, form);
  const paint = (restored) => {
    draw(root, template(values, source, restored));
    photoField(root.querySelector("[data-photos]"), { uid, name: "photos", shas: values.photos,
      max: LEDGER.photos_max, onChange: () => saveDraft() });
    listen(root, { uid, values, source, context, saveDraft, paint });
    showDuplicates(root.querySelector("[data-duplicates]"), uid, source, values.category,
      context);
  };
  paint(Boolean(draft));
}

function listen(root, { uid, values, source, context, saveDraft, paint }) {
  const form = root.querySelector("form");
  form.addEventListener("input", (event) => {
    if (event.target.name) clearError(form, event.target.name);
    saveDraft(readInputs(form, values));
  });
  form.addEventListener("change", (event) => {
    if (event.target.name !== "category") return;
    showDuplicates(root.querySelector("[data-duplicates]"), uid, source, values.category,
      context);
  });
  form.querySelector("[data-action=clear]")?.addEventListener("click", async () => {
    await draftDelete(uid, source.draftKey);
    Object.keys(values).forEach((key) => delete values[key]);
    Object.assign(values, source.start());
    paint(false);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = problems(readInputs(form, values), source);
    if (Object.keys(errors).length) {
      showErrors(form, t("diary.form.check"), errors);
      form.querySelector("[aria-invalid=true]")?.scrollIntoView?.({ block: "center" });
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    let id;
    try {
      id = await receiveCase(caseData(values, source), values.accept);
      // 本人包案: the leader's take, queued right after the receive (and the acceptance).
      if (source.reception && values.take) await writeEvent(id, "take", {}, values.accept ? 2 : 1);
    } catch (error) {
      console.error("intake", error);
      button.disabled = false;
      return showErrors(form, t("diary.form.save_failed"));
    }
    await draftDelete(uid, source.draftKey).catch(() => {});
    toast(t("intake.saved"));
    navigate(`case?id=${id}`);
  });
}

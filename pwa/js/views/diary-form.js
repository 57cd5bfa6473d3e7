// Write or edit a diary (民情日记), saved on the phone through the outbox: works with no signal.
// What is typed is kept as a draft in IndexedDB at every keystroke and restored on return.
//   #/diary-new                   a new diary (?household=<id> preselects the household)
//   #/diary-new?id=<id>           edit one's own diary (others' open read-only)
//   #/diary-new?fix=<mid>         correct a write the server refused, starting from what was sent
// A diary in conflict with another phone's or person's change opens the conflict screen.
import { conflictOf, draftDelete, draftGet, recordGet, rejectedGet } from "../db.js";
import {
  DIARY_FIELDS, FORM_FIELDS, fieldLabel, formLabel, localErrors, toData, toLocalInput, toValues,
} from "../diary-fields.js";
import { fieldErrors, showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { draftNotice, draftSaver, fixNotice, saveForm } from "../offline-form.js";
import { photoField } from "../photo-field.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import { householdField } from "../widgets/diary-household.js";
import { clearError, fieldTemplate, isControl, kindPicker } from "../widgets/diary-inputs.js";
import { locationField } from "../widgets/diary-location.js";

/** Why the server refused the write; the messages of fields the form has no slot for. */
function refusal(fix, kind) {
  const shown = new Set(["kind", ...FORM_FIELDS[kind].map((f) => f.name)]);
  return fixNotice(fix, { intro: t("diary.form.fix_notice"), shown, label: fieldLabel });
}

function template(values, { mode, restored }) {
  const { fix, id } = mode;
  return html`
    <a class="back-link" href="#/${mode.back}">
      ${icon("back")}${t(fix ? "syncui.title" : id ? "diary.view.title" : "nav.diary")}</a>
    <form class="card form diary-form" novalidate data-kind="${values.kind}">
      ${id && !fix ? html`<h2 class="form-title">${t("diary.form.edit_title")}</h2>` : ""}
      ${fix ? refusal(fix, values.kind) : ""}
      ${restored ? draftNotice(t("diary.form.draft_restored"), t("diary.form.clear_draft")) : ""}
      <p class="form-error" role="alert" hidden></p>
      ${kindPicker(values.kind)}
      ${FORM_FIELDS[values.kind].map((field) => fieldTemplate(field, values))}
      <p class="muted">${t("diary.form.offline_hint")}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("diary.form.save")}</button>
    </form>`;
}

/** The values of the form's own controls (the widgets keep theirs in values themselves). */
function readInputs(form, values) {
  for (const field of FORM_FIELDS[values.kind].filter(isControl)) {
    values[field.name] = form.elements[field.name]?.value ?? "";
  }
  return values;
}

function nowValues(data = {}) {
  return { ...toValues(data), occurred_at: toLocalInput() };
}

/** What the form is for: a new diary, an edit of one's own, or a correction. null: leave. */
async function modeFor(uid, params) {
  if (params.fix) {
    const fix = await rejectedGet(uid, Number(params.fix));
    if (!fix) return navigate("sync"); // already corrected or discarded
    if (fix.kind === "conflict") return navigate(`conflict?mid=${fix.mid}`);
    // A field this form does not show travels on unchanged.
    const extra = fix.data?.node_id ? { node_id: fix.data.node_id } : {};
    return { fix, id: fix.id, extra, draftKey: `diary:fix:${fix.mid}`, back: "sync",
      start: () => toValues(fix.data) };
  }
  if (params.id) {
    const record = await recordGet(uid, "diary", params.id);
    if (!record) return navigate("diary");
    if (record.data.created_by !== uid) return navigate(`diary-view?id=${params.id}`);
    const conflict = record.status === "conflict" && await conflictOf(uid, "diary", params.id);
    if (conflict) return navigate(`conflict?mid=${conflict.mid}`); // settle it first
    return { id: params.id, extra: {}, draftKey: `diary:edit:${params.id}`,
      back: `diary-view?id=${params.id}`, start: () => toValues(record.data) };
  }
  const household = params.household || "";
  return { extra: {}, draftKey: "diary:new", back: "diary", household,
    start: () => nowValues({ household_id: household }) };
}

/** Draw the diary form. */
export async function render(root, params = {}) {
  const uid = currentUser().id;
  const mode = await modeFor(uid, params);
  if (!mode) return;
  const draft = await draftGet(uid, mode.draftKey);
  const values = draft?.values ? { ...toValues({}), ...draft.values } : mode.start();
  if (mode.household && !values.household_id) values.household_id = mode.household;
  if (mode.household && !values.place) {
    // Written from the household's page: the visit is most likely at its address.
    const household = await recordGet(uid, "household", mode.household);
    values.place = household?.data?.address ?? "";
  }
  const form = () => root.querySelector("form");
  const saveDraft = draftSaver(uid, mode.draftKey, values, form);
  const paint = (restored) => {
    draw(root, template(values, { mode, restored }));
    if (mode.fix) showErrors(form(), "", fieldErrors(mode.fix));
    startWidgets(root, { uid, values, saveDraft });
    listen(form(), { uid, values, mode, saveDraft, paint });
  };
  paint(Boolean(draft));
}

function listen(form, { uid, values, mode, saveDraft, paint }) {
  form.addEventListener("input", (event) => {
    if (event.target.name === "kind") return;
    if (event.target.name) clearError(form, event.target.name);
    saveDraft(readInputs(form, values));
  });
  form.addEventListener("change", (event) => {
    if (event.target.name !== "kind") return;
    readInputs(form, values);
    values.kind = event.target.value;
    saveDraft();
    paint(false);
    form.ownerDocument.querySelector(`input[name=kind][value=${values.kind}]`)?.focus();
  });
  form.querySelector("[data-action=clear]")?.addEventListener("click", async () => {
    await draftDelete(uid, mode.draftKey);
    Object.keys(values).forEach((key) => delete values[key]);
    Object.assign(values, mode.start());
    paint(false);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form, { uid, values: readInputs(form, values), mode });
  });
}

function startWidgets(root, { uid, values, saveDraft }) {
  const fields = FORM_FIELDS[values.kind];
  const household = root.querySelector("[data-household-field]");
  if (household) {
    const field = fields.find((f) => f.type === "household");
    householdField(household, { uid, field, label: formLabel(field), values, onPick: (picked) => {
      const place = root.querySelector("[name=place]");
      // A visit happens at the household's door: its address is a good first guess.
      if (picked?.address && place && !place.value.trim()) {
        place.value = values.place = picked.address;
      }
      saveDraft();
    } });
  }
  const location = root.querySelector("[data-location]");
  if (location) locationField(location, { values, onChange: saveDraft });
  root.querySelectorAll("[data-photos]").forEach((element) => {
    const field = fields.find((f) => f.name === element.dataset.photos);
    values[field.name] ??= [];
    photoField(element, { uid, name: field.name, shas: values[field.name], max: field.max,
      onChange: saveDraft });
  });
}

/** An edit replaces the whole record: fields left empty are sent as cleared. */
function complete(data) {
  for (const name of DIARY_FIELDS) if (!(name in data)) data[name] = null;
  return data;
}

async function submit(form, { uid, values, mode }) {
  const errors = localErrors(values);
  if (Object.keys(errors).length) {
    showErrors(form, t("diary.form.check"), errors);
    form.querySelector("[aria-invalid=true], [data-error-for]:not(:empty)")?.scrollIntoView?.(
      { block: "center" });
    form.querySelector("[aria-invalid=true]")?.focus?.();
    return;
  }
  // node_id is left to the server (the household's node, else the author's) unless a refused
  // write carried one: a household changed in an edit must move the diary with it.
  const data = toData(values, mode.extra);
  const id = await saveForm(form, uid, "diary", mode.id ? complete(data) : data, mode);
  if (id === null) return;
  toast(t("diary.form.saved"));
  navigate(mode.fix ? "sync" : mode.id ? `diary-view?id=${id}` : "diary");
}

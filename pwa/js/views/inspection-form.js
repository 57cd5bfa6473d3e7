// 记录暗访 (F14): a supervisor or leader records an unannounced visit to a unit's service
// window, saved on the phone through the outbox like a diary: works with no signal. What is
// typed is kept as a draft at every keystroke and restored on return.
//   #/inspection-new               a new inspection
//   #/inspection-new?id=<id>       edit one's own
//   #/inspection-new?fix=<mid>     correct a write the server refused
// An inspection in conflict with another phone's change opens the conflict screen.
import { buildTree } from "../admin/org.js";
import { nodePicker } from "../admin/userform.js";
import { conflictOf, draftDelete, draftGet, recordGet, rejectedGet } from "../db.js";
import { fromLocalInput, localToday, toLocalInput } from "../diary-fields.js";
import { fieldErrors, showErrors } from "../forms.js";
import { nodesSoon } from "../households/nodes.js";
import { html, render as draw } from "../html.js";
import { t, tOr } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { draftNotice, draftSaver, fixNotice, saveForm } from "../offline-form.js";
import { photoField } from "../photo-field.js";
import { navigate } from "../router.js";
import RULES from "../rules.js";
import { currentUser } from "../session.js";
import { choiceChips, clearError } from "../widgets/diary-inputs.js";

const RESULTS = RULES.ledger.inspection_results;
const TEXT_MAX = RULES.ledger.text_max;
const PHOTOS_MAX = RULES.ledger.photos_max;
const WINDOW_MAX = 100; // qzapp/ledger/inspection.py FIELDS
const INPUTS = ["node_id", "visited_at", "window", "findings", "follow_up"];
const REQUIRED = ["node_id", "visited_at", "window", "result", "findings"];

function label(name) {
  return tOr(`inspection.field.${name}`, name);
}

function field(name, control) {
  return html`<label class="field"><span class="field-label">${label(name)}${
    REQUIRED.includes(name) ? html`<span class="required" aria-hidden="true">*</span>` : ""}
    </span>${control}<span class="field-error" data-error-for="${name}"></span></label>`;
}

/** The form's values (strings, photos a list) for a stored inspection's data. */
function toValues(data = {}) {
  return {
    node_id: data.node_id ? String(data.node_id) : "",
    visited_at: toLocalInput(data.visited_at ?? new Date()),
    window: data.window ?? "", result: data.result ?? "", findings: data.findings ?? "",
    follow_up: data.follow_up ?? "", photos: Array.isArray(data.photos) ? [...data.photos] : [],
  };
}

/** The whole record to send: an edit replaces it, so an emptied follow-up is sent as null. */
function toData(values) {
  return {
    node_id: Number(values.node_id), visited_at: fromLocalInput(values.visited_at),
    window: values.window.trim(), result: values.result, findings: values.findings.trim(),
    follow_up: values.follow_up.trim() || null, photos: values.photos,
  };
}

function localErrors(values) {
  return Object.fromEntries(REQUIRED.filter((name) => !String(values[name]).trim())
    .map((name) => [name, t("field.required")]));
}

/** The units to choose from: the scope's nodes remembered on the phone, else one's own. */
async function unitTree(user) {
  const { nodes } = await nodesSoon(user.id);
  const own = user.node ? [{ id: user.node.id, parent_id: null, name: user.node.name,
    kind: user.node.kind, active: true }] : [];
  return buildTree(nodes.length ? nodes : own);
}

function template(values, tree, { mode, restored }) {
  const { fix, id } = mode;
  const shown = new Set([...INPUTS, "result", "photos"]);
  return html`
    <a class="back-link" href="#/${fix ? "sync" : "inspections"}">
      ${icon("back")}${t(fix ? "syncui.title" : "inspection.title")}</a>
    <form class="card form inspection-form" novalidate>
      ${id && !fix ? html`<h2 class="form-title">${t("inspection.edit_title")}</h2>` : ""}
      ${fix ? fixNotice(fix, { intro: t("diary.form.fix_notice"), shown, label }) : ""}
      ${restored ? draftNotice(t("diary.form.draft_restored"), t("diary.form.clear_draft")) : ""}
      <p class="form-error" role="alert" hidden></p>
      ${field("node_id", nodePicker(tree, values.node_id))}
      ${field("visited_at", html`<input type="datetime-local" name="visited_at"
        value="${values.visited_at}" max="${localToday()}T23:59">`)}
      ${field("window", html`<input name="window" value="${values.window}"
        maxlength="${WINDOW_MAX}" autocomplete="off"
        placeholder="${t("inspection.hint.window")}">`)}
      <fieldset class="field">
        <legend class="field-label">${label("result")}<span class="required"
          aria-hidden="true">*</span></legend>
        ${choiceChips("result", RESULTS, values.result, (r) => t(`inspection.result.${r}`))}
        <span class="field-error" data-error-for="result"></span></fieldset>
      ${field("findings", html`<textarea name="findings" rows="4"
        maxlength="${TEXT_MAX}">${values.findings}</textarea>`)}
      ${field("follow_up", html`<textarea name="follow_up" rows="3" maxlength="${TEXT_MAX}"
        placeholder="${t("inspection.hint.follow_up")}">${values.follow_up}</textarea>`)}
      <div class="field" data-photos></div>
      <p class="muted">${t("diary.form.offline_hint")}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("diary.form.save")}</button>
    </form>`;
}

/** What the form is for: a new inspection, an edit of one's own, a correction. null: leave. */
async function modeFor(uid, params) {
  if (params.fix) {
    const fix = await rejectedGet(uid, Number(params.fix));
    if (!fix) return navigate("sync"); // already corrected or discarded
    if (fix.kind === "conflict") return navigate(`conflict?mid=${fix.mid}`);
    return { fix, id: fix.id, draftKey: `inspection:fix:${fix.mid}`,
      start: () => toValues(fix.data) };
  }
  if (params.id) {
    const record = await recordGet(uid, "inspection", params.id);
    if (!record || record.data.created_by !== uid) return navigate("inspections");
    const conflict = record.status === "conflict"
      && await conflictOf(uid, "inspection", params.id);
    if (conflict) return navigate(`conflict?mid=${conflict.mid}`); // settle it first
    return { id: params.id, draftKey: `inspection:edit:${params.id}`,
      start: () => toValues(record.data) };
  }
  return { draftKey: "inspection:new", start: () => toValues() };
}

function readInputs(form, values) {
  for (const name of INPUTS) values[name] = form.elements[name].value;
  values.result = form.querySelector("input[name=result]:checked")?.value ?? "";
  return values;
}

/** Draw the inspection form. */
export async function render(root, params = {}) {
  const user = currentUser();
  const mode = await modeFor(user.id, params);
  if (!mode) return;
  const tree = await unitTree(user);
  const draft = await draftGet(user.id, mode.draftKey);
  const values = draft?.values ? { ...mode.start(), ...draft.values } : mode.start();
  const only = tree.roots.length === 1 && !tree.children.get(tree.roots[0].id).length;
  if (!values.node_id && only) values.node_id = String(tree.roots[0].id);
  const form = () => root.querySelector("form");
  const saveDraft = draftSaver(user.id, mode.draftKey, values, form);
  const paint = (restored) => {
    draw(root, template(values, tree, { mode, restored }));
    if (mode.fix) showErrors(form(), "", fieldErrors(mode.fix));
    photoField(form().querySelector("[data-photos]"), { uid: user.id, name: "photos",
      shas: values.photos, max: PHOTOS_MAX, onChange: saveDraft });
    listen(form(), { uid: user.id, values, mode, saveDraft, paint });
  };
  paint(Boolean(draft));
}

function listen(form, { uid, values, mode, saveDraft, paint }) {
  const changed = (event) => {
    if (!event.target.name || event.target.matches("[data-photo-input]")) return;
    clearError(form, event.target.name);
    saveDraft(readInputs(form, values));
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.querySelector("[data-action=clear]")?.addEventListener("click", async () => {
    await draftDelete(uid, mode.draftKey);
    Object.assign(values, mode.start());
    paint(false);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form, { uid, values: readInputs(form, values), mode });
  });
}

async function submit(form, { uid, values, mode }) {
  const errors = localErrors(values);
  if (Object.keys(errors).length) {
    showErrors(form, t("diary.form.check"), errors);
    form.querySelector(".field-error:not(:empty)")?.scrollIntoView?.({ block: "center" });
    return;
  }
  const id = await saveForm(form, uid, "inspection", toData(values), mode);
  if (id === null) return;
  toast(t("diary.form.saved"));
  navigate(mode.fix ? "sync" : "inspections");
}

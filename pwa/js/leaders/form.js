// What the forms of a leader's records share (基层工作日, 调研, 调研报告, 接访): what a form is
// for (a new record, an edit of one's own, the correction of a refused write), its fields,
// the place picked among the leader's contact points, and the driver that keeps a draft at
// every keystroke and saves on the phone through the outbox, with no signal.
import { conflictOf, draftDelete, draftGet, recordGet, rejectedEntries, rejectedGet } from
  "../db.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t, tOr } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { draftNotice, draftSaver, fixNotice, saveForm } from "../offline-form.js";
import { navigate } from "../router.js";
import { clearError } from "../widgets/diary-inputs.js";
import { LEADER_FIX_FORMS, fieldLabel } from "./entries.js";

/** The label of a field of a leader's record (of entity, when it has its own labels). */
export function label(name, entity = "") {
  return entity ? fieldLabel(entity, name) : tOr(`leader.field.${name}`, name);
}

/** A field: its label (a * when required), the control, the slot of its message (right after
 *  the control, which forms.js marks invalid), a hint. entity: whose labels. */
export function field(name, control, { required = false, hint = "", entity = "" } = {}) {
  return html`<label class="field"><span class="field-label">${label(name, entity)}${required
    ? html`<span class="required" aria-hidden="true">*</span>` : ""}</span>${control}<span
    class="field-error" data-error-for="${name}"></span>
    ${hint ? html`<span class="field-hint muted">${hint}</span>` : ""}</label>`;
}

/** The place's node, picked among the leader's contact points (联系点) the kept answer names;
 *  "" when there are none (the place is then said in words only). */
export function placeNodeField(contacts, current, { hint = t("leader.place_node_hint") } = {}) {
  const known = contacts.some((c) => c.node_id === Number(current));
  if (!contacts.length && !current) return "";
  return field("place_node_id", html`<select name="place_node_id">
    <option value="">${t("leader.place_node_none")}</option>
    ${contacts.map((c) => html`<option value="${c.node_id}" ${c.node_id === Number(current)
      ? "selected" : ""}>${c.name}</option>`)}
    ${current && !known ? html`<option value="${current}" selected>${t(
      "leader.place_node_kept")}</option>` : ""}</select>`, { hint });
}

/** What a form of entity is for, from its address: {leave} to go elsewhere, else {entity,
 *  fix, id, record (the one edited), draftKey, back, start()}; start(data) makes the form's
 *  values from a record's data. */
export async function formMode(uid, params, entity, start) {
  const form = LEADER_FIX_FORMS[entity];
  if (params.fix) {
    const fix = await rejectedGet(uid, Number(params.fix));
    if (!fix || fix.entity !== entity) return { leave: "sync" };
    if (fix.kind === "conflict") return { leave: `conflict?mid=${fix.mid}` };
    return { entity, fix, id: fix.id, draftKey: `${entity}:fix:${fix.mid}`, back: "sync",
      start: () => start(fix.data ?? {}) };
  }
  if (params.id) {
    const record = await recordGet(uid, entity, params.id);
    const mine = record?.data.created_by === uid && !record.data.deleted;
    if (!mine) return { leave: "leader" };
    if (record.status === "conflict") {
      const conflict = await conflictOf(uid, entity, params.id);
      if (conflict) return { leave: `conflict?mid=${conflict.mid}` };
    }
    if (record.status === "rejected") {
      const refused = (await rejectedEntries(uid)).find((e) => e.entity === entity
        && e.id === params.id);
      if (refused) return { leave: `${form}?fix=${refused.mid}` };
    }
    return { entity, id: params.id, record, draftKey: `${entity}:edit:${params.id}`,
      back: "leader", start: () => start(record.data) };
  }
  return { entity, draftKey: `${entity}:new`, back: "leader", start: () => start({}) };
}

/** The head of a form: back link, title, why the server refused it, the restored draft. */
export function formHead(mode, { title, shown, restored }) {
  return html`<a class="back-link" href="#/${mode.back}">${icon("back")}${t(mode.fix
    ? "syncui.title" : "leader.back")}</a>
    <h2 class="form-title">${title}</h2>
    ${mode.fix ? fixNotice(mode.fix, { intro: t("diary.form.fix_notice"), shown,
      label: (name) => label(name, mode.entity) }) : ""}
    ${restored ? draftNotice(t("diary.form.draft_restored"), t("diary.form.clear_draft")) : ""}
    <p class="form-error" role="alert" hidden></p>`;
}

/** Run a form in root. spec: {uid, mode, entity, inputs (names of its own controls),
 *  template(values, restored), widgets(form, values, saveDraft, repaint) (optional),
 *  changed(form, values, name) (optional, after each input), problems(values) -> {field:
 *  message}, toData(values), saved(id) (where to go)}. */
export async function runForm(root, spec) {
  const { uid, mode } = spec;
  const draft = await draftGet(uid, mode.draftKey);
  const values = draft?.values ? { ...mode.start(), ...draft.values } : mode.start();
  const form = () => root.querySelector("form");
  const saveDraft = draftSaver(uid, mode.draftKey, values, form);
  const read = () => {
    for (const name of spec.inputs) {
      const control = form().elements[name];
      if (control) values[name] = control.type === "checkbox" ? control.checked : control.value;
    }
    return values;
  };
  const paint = (restored) => {
    draw(root, spec.template(values, restored));
    if (mode.fix) {
      showErrors(form(), "", Object.fromEntries((mode.fix.errors ?? []).map((e) => [e.field,
        e.message])));
    }
    spec.widgets?.(form(), values, saveDraft, () => paint(false));
    const changed = (event) => {
      if (!event.target.name || !spec.inputs.includes(event.target.name)) return;
      clearError(form(), event.target.name);
      read();
      spec.changed?.(form(), values, event.target.name);
      saveDraft();
    };
    form().addEventListener("input", changed);
    form().addEventListener("change", changed);
    form().querySelector("[data-action=clear]")?.addEventListener("click", async () => {
      await draftDelete(uid, mode.draftKey);
      Object.keys(values).forEach((key) => delete values[key]);
      Object.assign(values, mode.start());
      paint(false);
    });
    form().addEventListener("submit", (event) => {
      event.preventDefault();
      submit(form(), spec, read());
    });
  };
  paint(Boolean(draft));
  return values;
}

async function submit(form, spec, values) {
  const problems = spec.problems(values);
  if (Object.keys(problems).length) {
    showErrors(form, t("diary.form.check"), problems);
    form.querySelector("[data-error-for]:not(:empty)")?.closest(".field, fieldset, section")
      ?.scrollIntoView?.({ block: "center" });
    return;
  }
  const { mode } = spec;
  const id = await saveForm(form, spec.uid, spec.entity, spec.toData(values), mode);
  if (id === null) return;
  toast(t("diary.form.saved"));
  navigate(mode.fix ? "sync" : spec.saved?.(id) ?? "leader");
}

/** A text value trimmed, or null when empty (the server stores no empty strings). */
export function textOrNull(value) {
  const text = String(value ?? "").trim();
  return text || null;
}

/** The message of a required text left empty or too long ("" when fine). */
export function textProblem(value, max, required = true) {
  const text = String(value ?? "").trim();
  if (!text) return required ? t("field.required") : "";
  return text.length > max ? t("field.too_long", { max }) : "";
}

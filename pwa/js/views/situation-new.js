// 报告重大情况: the form of a major-situation report (title, category, severity, when, what
// happened, photos), checked on the phone by the server's rules and saved on the phone through
// the outbox, with no signal; it goes up the tree once it reaches the server. What is typed is
// kept as a draft at every keystroke.
//   #/situation-new               a new report
//   #/situation-new?id=<id>       change my report (until a level has acknowledged it)
//   #/situation-new?fix=<mid>     correct a report the server refused
import { fromLocalInput, toLocalInput } from "../diary-fields.js";
import { draftDelete, draftGet, recordGet, rejectedGet } from "../db.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { draftNotice, draftSaver, fixNotice, saveForm } from "../offline-form.js";
import { photoField } from "../photo-field.js";
import { SITUATION, situationLabel } from "../reports/situation.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import { clearError } from "../widgets/diary-inputs.js";
import { useStylesheet } from "../widgets/styles.js";

const INPUTS = ["title", "category", "severity", "occurred_at", "body"];

function field(name, control, hint = "") {
  return html`<label class="field"><span class="field-label">${situationLabel(name)}<span
      class="required" aria-hidden="true">*</span></span>${control}
    <span class="field-error" data-error-for="${name}"></span>
    ${hint ? html`<span class="field-hint muted">${hint}</span>` : ""}</label>`;
}

function options(choices, current, prefix) {
  return html`<option value="">${t("situation.choose")}</option>${choices.map((choice) => html`
    <option value="${choice}" ${choice === current ? "selected" : ""}>${t(`${prefix}${choice}`)}
    </option>`)}`;
}

function template(values, { mode, restored }) {
  return html`
    <a class="back-link" href="#/${mode.fix ? "sync" : "situations"}">${icon("back")}${t(
      mode.fix ? "syncui.title" : "situation.title")}</a>
    <form class="card form" novalidate data-situation-form>
      <h2 class="form-title">${t(mode.id && !mode.fix ? "situation.edit" : "situation.new")}</h2>
      <p class="muted">${t("situation.form_hint")}</p>
      ${mode.fix ? fixNotice(mode.fix, { intro: t("diary.form.fix_notice"),
        shown: new Set([...INPUTS, "photos"]), label: situationLabel }) : ""}
      ${restored ? draftNotice(t("diary.form.draft_restored"), t("diary.form.clear_draft")) : ""}
      <p class="form-error" role="alert" hidden></p>
      ${field("title", html`<input name="title" maxlength="${SITUATION.title_max}"
        value="${values.title}" placeholder="${t("situation.hint.title")}">`)}
      ${field("category", html`<select name="category">${options(SITUATION.categories,
        values.category, "appeal.category.")}</select>`)}
      ${field("severity", html`<select name="severity">${options(SITUATION.severities,
        values.severity, "situation.severity.")}</select>`)}
      ${field("occurred_at", html`<input type="datetime-local" name="occurred_at"
        value="${values.occurred_at}" max="${toLocalInput()}">`)}
      ${field("body", html`<textarea name="body" rows="6" maxlength="${SITUATION.body_max}"
        placeholder="${t("situation.hint.body")}">${values.body}</textarea>`)}
      <div class="field" data-photos></div>
      <p class="muted">${t("diary.form.offline_hint")}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("situation.send")}</button>
    </form>`;
}

function readInputs(form, values) {
  for (const name of INPUTS) values[name] = form.elements[name].value;
  return values;
}

/** What the phone checks before saving, as the server does: {field: message}. */
function problems(values) {
  const found = {};
  for (const name of INPUTS) if (!values[name].trim()) found[name] = t("field.required");
  if (values.occurred_at && new Date(values.occurred_at) > new Date()) {
    found.occurred_at = t("situation.future");
  }
  return found;
}

function start(data = {}) {
  return { title: data.title ?? "", category: data.category ?? "", severity: data.severity ?? "",
    occurred_at: data.occurred_at ? toLocalInput(data.occurred_at) : toLocalInput(),
    body: data.body ?? "", photos: [...(data.photos ?? [])] };
}

/** What the form is for (see the head of this file): {leave} or {fix, id, draftKey, start}. */
async function formMode(uid, params) {
  if (params.fix) {
    const fix = await rejectedGet(uid, Number(params.fix));
    if (!fix || fix.entity !== "situation_report") return { leave: "sync" };
    if (fix.kind === "conflict") return { leave: `conflict?mid=${fix.mid}` };
    return { fix, id: fix.id, draftKey: `situation:fix:${fix.mid}`,
      start: () => start(fix.data ?? {}) };
  }
  if (params.id) {
    const record = await recordGet(uid, "situation_report", params.id);
    if (!record || record.data.created_by !== uid) return { leave: "situations" };
    return { id: params.id, draftKey: `situation:edit:${params.id}`,
      start: () => start(record.data) };
  }
  return { draftKey: "situation:new", start: () => start() };
}

async function submit(form, uid, values, mode) {
  const found = problems(values);
  if (Object.keys(found).length) {
    showErrors(form, t("diary.form.check"), found);
    return;
  }
  const data = { title: values.title.trim(), category: values.category,
    severity: values.severity, occurred_at: fromLocalInput(values.occurred_at),
    body: values.body.trim(), photos: [...values.photos] };
  const id = await saveForm(form, uid, "situation_report", data, mode);
  if (id === null) return;
  toast(t("situation.saved"));
  navigate(`situations?id=${id}`);
}

/** Draw the form. */
export async function render(root, params = {}) {
  useStylesheet("/js/reports/reports.css");
  const uid = currentUser().id;
  const mode = await formMode(uid, params);
  if (mode.leave) return navigate(mode.leave);
  const draft = await draftGet(uid, mode.draftKey);
  const values = draft?.values ? { ...mode.start(), ...draft.values } : mode.start();
  const form = () => root.querySelector("form");
  const saveDraft = draftSaver(uid, mode.draftKey, values, form);
  const paint = (restored) => {
    draw(root, template(values, { mode, restored }));
    if (mode.fix) {
      showErrors(form(), "", Object.fromEntries((mode.fix.errors ?? [])
        .map((e) => [e.field, e.message])));
    }
    photoField(form().querySelector("[data-photos]"), { uid, name: "photos",
      shas: values.photos, max: SITUATION.photos_max, onChange: saveDraft });
    const changed = (event) => {
      if (!INPUTS.includes(event.target.name)) return;
      clearError(form(), event.target.name);
      readInputs(form(), values);
      saveDraft();
    };
    form().addEventListener("input", changed);
    form().addEventListener("change", changed);
    form().querySelector("[data-action=clear]")?.addEventListener("click", async () => {
      await draftDelete(uid, mode.draftKey);
      Object.assign(values, mode.start());
      paint(false);
    });
    form().addEventListener("submit", (event) => {
      event.preventDefault();
      submit(form(), uid, readInputs(form(), values), mode);
    });
  };
  paint(Boolean(draft));
  return undefined;
}

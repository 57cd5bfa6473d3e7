// The form of a pledge (作出承诺): its text and the day it is due (its year is that day's),
// checked on the phone by the server's rules (duty-pledges.js) and saved on the phone through
// the outbox, with no signal. What is typed is kept as a draft at every keystroke.
import { draftDelete, draftGet } from "../db.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t, tOr } from "../i18n.js";
import { icon } from "../icons.js";
import { beijingToday } from "../households/rules.js";
import { toast } from "../notice.js";
import { draftNotice, draftSaver, fixNotice, saveForm } from "../offline-form.js";
import { navigate } from "../router.js";
import { clearError } from "./diary-inputs.js";
import { PLEDGE, lastDueDay, pledgeProblems } from "./duty-pledges.js";

const INPUTS = ["text", "due_on"];

function label(name) {
  return tOr(`duty.pledge.field.${name}`, name);
}

function field(name, control, hint = "") {
  return html`<label class="field"><span class="field-label">${label(name)}<span
      class="required" aria-hidden="true">*</span></span>${control}
    ${hint ? html`<span class="field-hint muted">${hint}</span>` : ""}
    <span class="field-error" data-error-for="${name}"></span></label>`;
}

function template(values, { mode, restored, today }) {
  return html`
    <a class="back-link" href="#/${mode.fix ? "sync" : mode.id ? `duty-pledge?id=${mode.id}`
      : "duty"}">${icon("back")}${t(mode.fix ? "syncui.title" : "duty.pledge.back")}</a>
    <form class="card form" novalidate data-pledge-form>
      <h2 class="form-title">${t(mode.id ? "duty.pledge.edit" : "duty.pledge.new")}</h2>
      ${mode.fix ? fixNotice(mode.fix, { intro: t("diary.form.fix_notice"),
        shown: new Set(INPUTS), label }) : ""}
      ${restored ? draftNotice(t("diary.form.draft_restored"), t("diary.form.clear_draft")) : ""}
      <p class="form-error" role="alert" hidden></p>
      ${field("text", html`<textarea name="text" rows="4" maxlength="${PLEDGE.text_max}"
        placeholder="${t("duty.pledge.hint.text")}">${values.text}</textarea>`)}
      ${field("due_on", html`<input type="date" name="due_on" value="${values.due_on}"
        min="${today}" max="${lastDueDay(today)}">`, t("duty.pledge.hint.due_on"))}
      <p class="muted">${t("diary.form.offline_hint")}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("diary.form.save")}</button>
    </form>`;
}

function readInputs(form, values) {
  for (const name of INPUTS) values[name] = form.elements[name].value;
  return values;
}

/** Draw the pledge form in root. mode: {id (an edit), fix (a refused write), draftKey,
 *  start() (the values it starts from), unchangedDue (a due date kept as it was)}. */
export async function pledgeForm(root, uid, mode) {
  const today = beijingToday();
  const draft = await draftGet(uid, mode.draftKey);
  const values = draft?.values ? { ...mode.start(), ...draft.values } : mode.start();
  const form = () => root.querySelector("form");
  const saveDraft = draftSaver(uid, mode.draftKey, values, form);
  const paint = (restored) => {
    draw(root, template(values, { mode, restored, today }));
    if (mode.fix) {
      showErrors(form(), "", Object.fromEntries((mode.fix.errors ?? [])
        .map((e) => [e.field === "year" ? "due_on" : e.field, e.message])));
    }
    const changed = (event) => {
      if (!event.target.name) return;
      clearError(form(), event.target.name);
      saveDraft(readInputs(form(), values));
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
      submit(form(), uid, readInputs(form(), values), mode, today);
    });
  };
  paint(Boolean(draft));
}

async function submit(form, uid, values, mode, today) {
  const problems = pledgeProblems(values, today, mode.unchangedDue);
  if (Object.keys(problems).length) {
    showErrors(form, t("diary.form.check"), problems);
    return;
  }
  const data = { year: Number(values.due_on.slice(0, 4)), text: values.text.trim(),
    due_on: values.due_on };
  const id = await saveForm(form, uid, "duty_pledge", data, mode);
  if (id === null) return;
  toast(t("diary.form.saved"));
  navigate(`duty-pledge?id=${id}`);
}

// 调研报告: a leader writes a research report — its title and year, its text (offline) or a
// PDF or Word file (sent at once, with a connection: leaders/documents.js), and the research
// visits it draws on — saved on the phone through the outbox like the other records.
//   #/leader-report               a new report
//   #/leader-report?id=<id>       change one of my reports
//   #/leader-report?fix=<mid>     correct a report the server refused
import { beijingToday } from "../households/rules.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { ACCEPT, sendDocument } from "../leaders/documents.js";
import { field, formHead, formMode, runForm, textOrNull, textProblem } from "../leaders/form.js";
import { leaderStyles } from "../leaders/parts.js";
import { LIMITS } from "../leaders/rules.js";
import { myRecords } from "../leaders/year.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import { clearError } from "../widgets/diary-inputs.js";

const ENTITY = "research_report";
const INPUTS = ["title", "year", "body"];
const SHOWN = new Set([...INPUTS, "document", "document_name", "visit_ids"]);
// The years a report may be written for: this one and the two before.
const YEARS_BACK = 2;

function start(thisYear) {
  return (data) => ({ title: data.title ?? "", year: String(data.year ?? thisYear),
    body: data.body ?? "", document: data.document ?? null,
    document_name: data.document_name ?? null, visit_ids: [...(data.visit_ids ?? [])] });
}

function fileBlock(values, { busy = false, problem = "" } = {}) {
  const sent = values.document ? html`<p class="leader-line" data-document="${values.document}"
      ><span class="muted">${t("leader.report.file_sent")}</span>${values.document_name}</p>
    <button type="button" class="btn btn-secondary" data-remove-file>${t(
      "leader.report.file_remove")}</button>` : "";
  return html`<span class="field-label">${t("leader.field.document")}</span>
    ${sent || html`<input type="file" accept="${ACCEPT}" data-file-input ${busy ? "disabled"
      : ""} aria-label="${t("leader.field.document")}">`}
    <span class="field-error" data-error-for="document" role="alert">${problem}</span>
    ${sent ? "" : html`<span class="field-hint muted">${busy ? t("leader.report.file_busy")
      : t("leader.report.file_hint")}</span>`}`;
}

function visitChoices(visits, chosen) {
  if (!visits.length) return html`<p class="muted">${t("leader.report.no_visits")}</p>`;
  return visits.map((v) => html`<label class="check"><input type="checkbox" name="visit"
    value="${v.id}" ${chosen.includes(v.id) ? "checked" : ""}><span>${v.topic}
    <span class="muted">${v.starts_on}</span></span></label>`);
}

function template(values, { mode, restored, years, visits }) {
  return html`<form class="card form leader-form" novalidate data-leader-report>
    ${formHead(mode, { title: t(mode.id && !mode.fix ? "leader.report.edit"
      : "leader.report.title"), shown: SHOWN, restored })}
    ${field("title", html`<input name="title" value="${values.title}"
      maxlength="${LIMITS.title_max}">`, { required: true })}
    ${field("year", html`<select name="year">${years.map((y) => html`<option value="${y}"
      ${String(y) === values.year ? "selected" : ""}>${t("leader.year_option", { year: y })}
      </option>`)}</select>`, { required: true })}
    ${field("body", html`<textarea name="body" rows="8" maxlength="${LIMITS.report_max}"
      placeholder="${t("leader.report.body_hint")}">${values.body}</textarea>`)}
    <div class="field leader-file" data-file>${fileBlock(values)}</div>
    <fieldset class="field leader-visits" data-visits><legend class="field-label">${t(
      "leader.field.visit_ids")}</legend>${visitChoices(visits, values.visit_ids)}
      <span class="field-error" data-error-for="visit_ids"></span></fieldset>
    <p class="muted">${t("leader.report.offline_hint")}</p>
    <button class="btn btn-primary btn-block" type="submit">${t("diary.form.save")}</button>
  </form>`;
}

/** The file's part of the form: pick, send, remove (the rest of the form stays as typed). */
function runFile(element, values, saveDraft) {
  const form = element.closest("form");
  const paint = (state) => draw(element, fileBlock(values, state));
  element.addEventListener("change", async (event) => {
    const file = event.target.matches("[data-file-input]") && event.target.files[0];
    if (!file) return;
    paint({ busy: true });
    try {
      const sent = await sendDocument(file);
      Object.assign(values, { document: sent.sha, document_name: sent.name });
      clearError(form, "body");   // a report with its file needs no text
      saveDraft();
      paint();
    } catch (error) {
      paint({ problem: error.message });
    }
  });
  element.addEventListener("click", (event) => {
    if (!event.target.closest("[data-remove-file]")) return;
    Object.assign(values, { document: null, document_name: null });
    saveDraft();
    paint();
  });
}

function problems(values) {
  const found = {};
  const title = textProblem(values.title, LIMITS.title_max);
  if (title) found.title = title;
  const body = textProblem(values.body, LIMITS.report_max, false);
  if (body) found.body = body;
  else if (!String(values.body).trim() && !values.document) found.body = t("leaders.report_empty");
  if (!/^\d{4}$/.test(values.year)) found.year = t("field.required");
  return found;
}

function toData(values) {
  return { year: Number(values.year), title: values.title.trim(), body: textOrNull(values.body),
    document: values.document ?? null, document_name: values.document ? values.document_name
      : null, visit_ids: [...values.visit_ids] };
}

/** My research visits on the phone, newest first. */
async function myVisits(uid) {
  return (await myRecords(uid)).research_visit.filter((r) => !r.data.deleted
    && r.status !== "rejected").map((r) => r.data)
    .sort((a, b) => String(b.starts_on).localeCompare(String(a.starts_on)));
}

/** Draw the form. */
export async function render(root, params = {}) {
  leaderStyles();
  const user = currentUser();
  const thisYear = Number(beijingToday().slice(0, 4));
  const mode = await formMode(user.id, params, ENTITY, start(thisYear));
  if (mode.leave) return navigate(mode.leave);
  const visits = await myVisits(user.id);
  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i);
  return runForm(root, {
    uid: user.id, mode, entity: ENTITY, inputs: INPUTS,
    template: (values, restored) => {
      if (!years.includes(Number(values.year))) years.push(Number(values.year));
      return template(values, { mode, restored, years, visits });
    },
    widgets: (form, values, saveDraft) => {
      runFile(form.querySelector("[data-file]"), values, saveDraft);
      form.querySelector("[data-visits]").addEventListener("change", () => {
        values.visit_ids = [...form.querySelectorAll("input[name=visit]:checked")]
          .map((input) => input.value);
        saveDraft();
      });
    },
    problems,
    toData,
  });
}

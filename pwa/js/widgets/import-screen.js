// An import screen: step 1 (where the workbook comes from), step 2 (the file), then the job's
// progress in the result slot to its end — the count imported, or the bad rows, each with its
// sheet, row, column and reason. Needs the network; a job started earlier in this tab shows
// again. Each import screen says what is its own (spec) and draws through this.
import { bindXlsxPicker, showImportError, xlsxPicker } from "../admin/common.js";
import { upload } from "../admin/upload.js";
import { setBusy } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { followJob, pendingJob } from "./job-progress.js";

function template(spec) {
  return html`
    ${spec.back}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    <section class="card step">
      <h2 class="form-title"><span class="step-number">1</span>${spec.stepOne.title}</h2>
      ${spec.stepOne.body}
    </section>
    <form class="card step form" novalidate>
      <h2 class="form-title"><span class="step-number">2</span>${t("admin.import.step_file")}</h2>
      <p class="muted">${spec.fileHelp}</p>
      ${xlsxPicker()}
      <button type="submit" class="btn btn-primary btn-block" data-action="import">
        ${t("admin.import.submit")}</button>
    </form>
    <div data-result></div>`;
}

/** Follow the import's job in the result slot to its end: what it did, or the bad rows. */
async function follow(root, form, job, signal, spec) {
  const result = root.querySelector("[data-result]");
  try {
    const answer = await followJob(result, job, spec.job, signal);
    if (!answer) return; // the user left the screen; the job goes on on the server
    draw(result, spec.done(answer));
    spec.after?.();
  } catch (error) {
    showImportError(form, result, error, spec.retry);
  }
  result.firstElementChild?.scrollIntoView({ block: "start" });
}

async function send(root, form, signal, spec) {
  const file = form.file.files[0];
  const result = root.querySelector("[data-result]");
  const slot = form.querySelector("[data-error-for=file]");
  slot.textContent = "";
  draw(result, html``);
  if (!file) {
    slot.textContent = t("import.no_file");
    return;
  }
  const button = form.querySelector("[data-action=import]");
  const label = button.textContent.trim();
  setBusy(button, true, t("admin.import.importing"));
  try {
    const answer = await upload(spec.endpoint, { file });
    await follow(root, form, answer.job, signal, spec);
  } catch (error) {
    showImportError(form, result, error, spec.retry);
  } finally {
    setBusy(button, false, label);
  }
}

/** Draw an import screen. spec: {job (the name its job is remembered by), endpoint, back (a
 *  link), stepOne: {title, body}, fileHelp, done(answer) -> the result's template, retry (what
 *  to do about bad rows), after() (once it is done)}. */
export function renderImport(root, signal, spec) {
  draw(root, template(spec));
  const form = root.querySelector("form");
  bindXlsxPicker(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(root, form, signal, spec);
  });
  pendingJob(spec.job).then((job) => job && !signal?.aborted
    && follow(root, form, job, signal, spec));
}

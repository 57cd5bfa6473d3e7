// 导入户籍: an .xlsx with the sheet 户籍 (the export's columns) added to the register, all
// rows or none; each bad row comes back as sheet, row, column and reason. Needs the network.
// The server checks and writes the file as a job: its progress shows until it ends.
import { backLink, bindXlsxPicker, showImportError, xlsxPicker } from "../admin/common.js";
import { upload } from "../admin/upload.js";
import { formatCount } from "../format.js";
import { setBusy } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { registerPath } from "../households/paths.js";
import { syncNow } from "../sync.js";
import { followJob, pendingJob } from "../widgets/job-progress.js";

const JOB = "register-import";

function template() {
  return html`
    ${backLink(registerPath(), t("nav.households"))}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    <section class="card step">
      <h2 class="form-title"><span class="step-number">1</span>
        ${t("register.import_step_template")}</h2>
      <p class="muted">${t("register.import_template_help")}</p>
      <a class="btn btn-secondary btn-block" href="/api/households/export.xlsx" download>
        ${icon("download")}${t("register.export")}</a>
    </section>
    <form class="card step form" novalidate>
      <h2 class="form-title"><span class="step-number">2</span>${t("admin.import.step_file")}</h2>
      <p class="muted">${t("register.import_file_help")}</p>
      ${xlsxPicker()}
      <button type="submit" class="btn btn-primary btn-block" data-action="import">
        ${t("admin.import.submit")}</button>
    </form>
    <div data-result></div>`;
}

function done(count) {
  return html`<section class="card notice-ok" role="status" data-imported>
    <p><strong>${t("register.imported", { count: formatCount(count) })}</strong></p>
    <p class="muted">${t("register.imported_sync")}</p>
    <a class="btn btn-secondary btn-block" href="#/${registerPath()}">${t("nav.households")}</a>
  </section>`;
}

/** Follow the import's job in the result slot to its end: the count, or the bad rows. */
async function follow(root, form, job, signal) {
  const result = root.querySelector("[data-result]");
  try {
    const answer = await followJob(result, job, JOB, signal);
    if (!answer) return; // the user left the screen; the job goes on on the server
    draw(result, done(answer.created));
    syncNow(); // bring the new households onto the phone
  } catch (error) {
    showImportError(form, result, error, t("register.fix_and_retry"));
  }
  result.firstElementChild?.scrollIntoView({ block: "start" });
}

async function send(root, form, signal) {
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
    const answer = await upload("/api/households/import", { file });
    await follow(root, form, answer.job, signal);
  } catch (error) {
    showImportError(form, result, error, t("register.fix_and_retry"));
  } finally {
    setBusy(button, false, label);
  }
}

/** Draw the import screen; an import started here earlier (in this tab) shows again. */
export function render(root, params, signal) {
  draw(root, template());
  const form = root.querySelector("form");
  bindXlsxPicker(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(root, form, signal);
  });
  pendingJob(JOB).then((job) => job && !signal?.aborted && follow(root, form, job, signal));
}

// 批量导入: the .xlsx template, then a file checked on the server (a dry run) before it is
// imported, all rows or none. Errors come as a table of sheet, row, column and reason; the
// new accounts' temporary passwords are shown once. The server checks and imports the file as
// a job (the accounts' passwords are hashed before anything is written): its progress shows
// until it ends.
import {
  backLink, bindCopyButtons, bindXlsxPicker, confirmed, showImportError, xlsxPicker,
} from "../admin/common.js";
import { upload } from "../admin/upload.js";
import { formatCount } from "../format.js";
import { setBusy } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { followJob, pendingJob } from "../widgets/job-progress.js";

const JOB = "admin-import";

function template() {
  return html`
    ${backLink("admin", t("nav.admin"))}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    <section class="card step">
      <h2 class="form-title"><span class="step-number">1</span>
        ${t("admin.import.step_template")}</h2>
      <p class="muted">${t("admin.import.template_help")}</p>
      <a class="btn btn-secondary btn-block" href="/api/org/import-template" download
         data-template>${icon("download")}${t("admin.import.download")}</a>
    </section>
    <form class="card step form" novalidate>
      <h2 class="form-title"><span class="step-number">2</span>${t("admin.import.step_file")}</h2>
      <p class="muted">${t("admin.import.file_help")}</p>
      ${xlsxPicker()}
      <div class="button-row">
        <button type="button" class="btn btn-secondary" data-action="check">
          ${t("admin.import.check")}</button>
        <button type="button" class="btn btn-primary" data-action="import" disabled>
          ${t("admin.import.submit")}</button>
      </div>
    </form>
    <div data-result></div>`;
}

/** "将新建 …" after a check, "已新建 …" after the import. */
function counts(key, created) {
  return t(key, { nodes: formatCount(created.nodes), users: formatCount(created.users) });
}

function checked(answer) {
  return html`
    <section class="card notice-ok" role="status" data-checked>
      <p><strong>${t("admin.import.check_ok")}</strong></p>
      <p>${counts("admin.import.counts", answer.created)}</p>
      <p class="muted">${t("admin.import.check_next")}</p>
    </section>`;
}

function accountsText(accounts) {
  return accounts.map((a) => `${a.name}\t${a.username}\t${a.password}`).join("\n");
}

function imported(answer) {
  const { accounts } = answer;
  return html`
    <section class="card notice-ok" role="status" data-imported>
      <p><strong>${t("admin.import.done")}</strong></p>
      <p>${counts("admin.import.created", answer.created)}</p>
    </section>
    ${accounts.length ? html`<section class="card secret">
      <h2 class="form-title">${t("admin.import.passwords")}</h2>
      <p class="notice notice-warn">${t("admin.import.passwords_note")}</p>
      <div class="table-wrap"><table class="table" data-accounts>
        <thead><tr><th scope="col">${t("admin.user.name")}</th>
          <th scope="col">${t("admin.user.username")}</th>
          <th scope="col">${t("admin.secret.password")}</th></tr></thead>
        <tbody>${accounts.map((a) => html`<tr><td>${a.name}</td><td>${a.username}</td>
          <td><code class="secret-password">${a.password}</code></td></tr>`)}</tbody>
      </table></div>
      <button type="button" class="btn btn-primary btn-block"
              data-copy="${accountsText(accounts)}">${icon("copy")}${t("admin.import.copy_all")}
      </button>
    </section>` : ""}
    <button type="button" class="btn btn-secondary btn-block" data-action="again">
      ${t("admin.import.again")}</button>`;
}

function showFormError(form, message) {
  const slot = form.querySelector("[data-error-for=file]");
  slot.textContent = message;
}

async function send(root, form, dryRun, signal) {
  const file = form.file.files[0];
  const result = root.querySelector("[data-result]");
  showFormError(form, "");
  if (!file) return showFormError(form, t("import.no_file"));
  const button = form.querySelector(`[data-action=${dryRun ? "check" : "import"}]`);
  const label = button.textContent.trim();
  setBusy(button, true, t(dryRun ? "admin.import.checking" : "admin.import.importing"));
  try {
    const { job } = await upload("/api/org/import", { file, ...(dryRun ? { dry_run: "1" } : {}) });
    const answer = await followJob(result, job, JOB, signal);
    if (!answer) return null; // the user left the screen; the job goes on on the server
    if (!dryRun) return showImported(root, answer);
    setBusy(button, false, label);
    draw(result, checked(answer));
    form.querySelector("[data-action=import]").disabled = false;
    form.dataset.checkCounts = JSON.stringify(answer.created);
  } catch (error) {
    setBusy(button, false, label);
    form.querySelector("[data-action=import]").disabled = true;
    showImportError(form, result, error, t("admin.import.fix_and_retry"));
  }
  return result.firstElementChild?.scrollIntoView({ block: "start" });
}

function showImported(root, answer) {
  draw(root, html`${backLink("admin", t("nav.admin"))}${imported(answer)}`);
  bindCopyButtons(root);
  root.querySelector("[data-action=again]").addEventListener("click", () => render(root));
  window.scrollTo(0, 0);
}

/** An import started here earlier (in this tab): its progress and end, shown again. The file
 *  is not kept, so a check shown again does not enable 导入. */
async function resume(root, form, signal) {
  const job = await pendingJob(JOB);
  if (!job || signal?.aborted) return;
  const result = root.querySelector("[data-result]");
  try {
    const answer = await followJob(result, job, JOB, signal);
    if (!answer) return;
    if (answer.dry_run) draw(result, checked(answer));
    else showImported(root, answer);
  } catch (error) {
    showImportError(form, result, error, t("admin.import.fix_and_retry"));
  }
}

function bind(root, signal) {
  const form = root.querySelector("form");
  form.addEventListener("submit", (event) => event.preventDefault());
  bindXlsxPicker(form, () => {
    form.querySelector("[data-action=import]").disabled = true;
    draw(root.querySelector("[data-result]"), html``);
    showFormError(form, "");
  });
  form.querySelector("[data-action=check]").addEventListener("click",
    () => send(root, form, true, signal));
  form.querySelector("[data-action=import]").addEventListener("click", () => {
    const created = JSON.parse(form.dataset.checkCounts || "{}");
    const question = t("admin.import.confirm", { nodes: created.nodes ?? 0,
                                                 users: created.users ?? 0 });
    if (confirmed(question)) send(root, form, false, signal);
  });
  resume(root, form, signal);
}

/** Draw the import screen. */
export function render(root, params, signal) {
  draw(root, template());
  bind(root, signal);
}

// 导入户籍: an .xlsx with the sheet 户籍 (the export's columns) added to the register, all
// rows or none; each bad row comes back as sheet, row, column and reason. Needs the network.
// The server checks and writes the file as a job: its progress shows until it ends.
import { backLink } from "../admin/common.js";
import { formatCount } from "../format.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { registerPath } from "../households/paths.js";
import { syncNow } from "../sync.js";
import { renderImport } from "../widgets/import-screen.js";

/** Draw the import screen; an import started here earlier (in this tab) shows again. */
export function render(root, params, signal) {
  renderImport(root, signal, {
    job: "register-import",
    endpoint: "/api/households/import",
    back: backLink(registerPath(), t("nav.households")),
    stepOne: {
      title: t("register.import_step_template"),
      body: html`<p class="muted">${t("register.import_template_help")}</p>
        <a class="btn btn-secondary btn-block" href="/api/households/export.xlsx" download>
          ${icon("download")}${t("register.export")}</a>`,
    },
    fileHelp: t("register.import_file_help"),
    done: (answer) => html`<section class="card notice-ok" role="status" data-imported>
      <p><strong>${t("register.imported", { count: formatCount(answer.created) })}</strong></p>
      <p class="muted">${t("register.imported_sync")}</p>
      <a class="btn btn-secondary btn-block" href="#/${registerPath()}">
        ${t("nav.households")}</a></section>`,
    retry: t("register.fix_and_retry"),
    after: () => syncNow(), // bring the new households onto the phone
  });
}

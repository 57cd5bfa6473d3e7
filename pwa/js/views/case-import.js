// 导入历史积案: an .xlsx with the sheet 历史积案 taken into the ledger, all rows or none; each
// case is received by the importer, flagged 历史积案, and accepted unless its 状态 is 待受理.
// Needs the network; the server checks and writes the file as a job.
import { backLink } from "../admin/common.js";
import { formatCount } from "../format.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { syncNow } from "../sync.js";
import { renderImport } from "../widgets/import-screen.js";

/** Draw the backlog's import screen; one started here earlier (in this tab) shows again. */
export function render(root, params, signal) {
  renderImport(root, signal, {
    job: "case-import",
    endpoint: "/api/cases/import",
    back: backLink("cases", t("nav.cases")),
    stepOne: {
      title: t("backlog.step_template"),
      body: html`<p class="muted">${t("backlog.template_help")}</p>
        <a class="btn btn-secondary btn-block" href="/api/cases/import-template.xlsx" download>
          ${icon("download")}${t("backlog.template")}</a>`,
    },
    fileHelp: t("backlog.file_help"),
    done: (answer) => html`<section class="card notice-ok" role="status" data-imported>
      <p><strong>${t("backlog.imported", { count: formatCount(answer.created) })}</strong></p>
      <a class="btn btn-secondary btn-block" href="#/cases">${t("nav.cases")}</a></section>`,
    retry: t("backlog.fix_and_retry"),
    after: () => syncNow(), // bring the new cases onto the phone
  });
}

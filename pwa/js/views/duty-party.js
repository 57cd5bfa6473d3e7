// 党员双报到 for whoever keeps a party organisation's books (online): its members who have not
// claimed a service post this year (the seed asks one a year) and their service hours in
// Excel. The communities' own screens are the staff's.
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { withoutPostList } from "../widgets/duty-admin-lists.js";
import { dutyStyles } from "../widgets/duty-parts.js";

/** Draw the party organisation's duty books. */
export async function render(root) {
  dutyStyles();
  const year = new Date().getFullYear();
  draw(root, html`<p class="notice notice-warn only-offline">${t("duty.party.online")}</p>
    <section class="card">
      <p class="muted">${t("duty.party.hint")}</p>
      <a class="btn btn-secondary" href="/api/duty/hours/export.xlsx?year=${year}"
        download>${icon("download")}${t("duty.party.export", { year })}</a>
    </section>
    <h2 class="section-title">${t("duty.party.without_title")}</h2>
    <div data-without></div>`);
  await withoutPostList(root.querySelector("[data-without]"));
}

// The overview of a supervisor's or administrator's scope, as the server last counted it:
// org units, accounts and households, and the pairings and stationings due for rotation.
import { formatCount } from "../format.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { section } from "./parts.js";

const COUNTS = [
  { key: "org_nodes", label: "home.count.org_nodes" },
  { key: "users", label: "home.count.users" },
  { key: "households", label: "home.count.households" },
];
const ROTATIONS = [
  { key: "overdue", label: "rotation.overdue" },
  { key: "due", label: "rotation.due" },
];

function stats(values, items, attribute) {
  return html`<ul class="stats">${items.map(({ key, label }) => html`
    <li class="stat">
      <span class="stat-value" ${attribute}="${key}">${values ? formatCount(values[key]) : "–"}</span>
      <span class="stat-label">${t(label)}</span>
    </li>`)}
  </ul>`;
}

/** The section; linkRotations: the user may open 轮换提醒 (administrators). */
export function overviewSection(answer, linkRotations) {
  const rotations = answer?.overview?.rotations;
  const title = html`<span>${t("home.overview.rotations")}</span>
    ${linkRotations ? icon("chevron") : ""}`;
  return section("overview", t("home.scope_title"), html`
    ${stats(answer?.counts, COUNTS, "data-count")}
    <div class="card home-rotations">
      ${linkRotations ? html`<a class="list-row list-link home-rotations-head"
        href="#/admin/rotation">${title}</a>` : html`<p class="home-rotations-head">${title}</p>`}
      ${stats(rotations, ROTATIONS, "data-rotation")}
    </div>`);
}

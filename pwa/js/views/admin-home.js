// 管理: the way into the administration screens, each shown to those its route lets in
// (supervisors: the accounts, read-only, the inspections and the surveys, the leaders, and
// the leaders' targets and the warnings' thresholds read-only).
import { api } from "../api.js";
import { formatCount, nodePath } from "../format.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { ROUTES } from "../routes.js";
import { currentUser, hasRole } from "../session.js";

const SECTIONS = [
  { path: "dashboard", icon: "register", title: "dashboard.title", hint: "dashboard.admin_hint" },
  { path: "admin/org", icon: "org", title: "admin.org.title", hint: "admin.home.org_hint",
    count: "org_nodes", unit: "admin.home.nodes" },
  { path: "admin/users", icon: "users", title: "admin.users.title",
    hint: "admin.home.users_hint", count: "users", unit: "admin.home.users" },
  { path: "admin/import", icon: "upload", title: "admin.import.title",
    hint: "admin.home.import_hint" },
  { path: "admin/households", icon: "register", title: "nav.households",
    hint: "register.admin_hint", count: "households", unit: "register.admin_count" },
  { path: "admin/rotation", icon: "households", title: "rotation.title",
    hint: "rotation.admin_hint" },
  { path: "admin/deadlines", icon: "register", title: "deadlines.title",
    hint: "deadlines.admin_hint" },
  { path: "admin/leaders", icon: "pin", title: "admin.leaders.title", hint: "admin.leaders.hint" },
  { path: "admin/targets", icon: "register", title: "admin.targets.title",
    hint: "admin.targets.hint" },
  { path: "public-desk", icon: "households", title: "desk.title", hint: "desk.admin_hint" },
  { path: "inspections", icon: "search", title: "inspection.title",
    hint: "inspection.admin_hint" },
  { path: "surveys", icon: "register", title: "survey.title", hint: "survey.admin_hint" },
  { path: "duty-hours-admin", icon: "users", title: "duty.admin_hours.title",
    hint: "duty.admin_hours.admin_hint" },
  { path: "duty-party", icon: "users", title: "duty.party.title", hint: "duty.party.admin_hint" },
  { path: "warnings", icon: "alert", title: "warning.title", hint: "warning.admin_hint" },
  { path: "admin/thresholds", icon: "alert", title: "admin.thresholds.title",
    hint: "admin.thresholds.hint" },
  { path: "situations", icon: "register", title: "situation.title",
    hint: "situation.admin_hint" },
];

function countText(section, counts) {
  const count = counts?.[section.count];
  return count === undefined ? "" : t(section.unit, { count: formatCount(count) });
}

/** The sections the user may open, by the roles of their routes. */
function mine() {
  return SECTIONS.filter((section) => {
    const route = ROUTES.find((r) => r.path === section.path);
    return route && (!route.roles || hasRole(route.roles));
  });
}

function template(counts) {
  return html`
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    <section class="card admin-scope">
      <p class="muted">${t("admin.home.scope")}</p>
      <p class="admin-scope-name">${nodePath(currentUser().node)}</p>
    </section>
    <ul class="card list admin-sections">${mine().map((section) => html`
      <li><a class="list-row list-link admin-section" href="#/${section.path}">
        <span class="admin-section-icon">${icon(section.icon)}</span>
        <span class="admin-section-text">
          <strong>${t(section.title)}</strong>
          <span class="muted">${t(section.hint)}</span>
        </span>
        ${section.count ? html`<span class="admin-section-count" data-count="${section.count}"
          >${countText(section, counts)}</span>` : ""}
        ${icon("chevron")}</a></li>`)}
    </ul>`;
}

/** Draw the administration menu. */
export async function render(root) {
  draw(root, template(null));
  try {
    const { counts } = await api("/api/home");
    draw(root, template(counts || {}));
  } catch { /* offline: the menu without counts; the banner and notice say why */ }
  return undefined;
}

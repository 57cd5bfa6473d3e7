// Bottom navigation: one thumb-sized tab per route that declares `tab`, by role.
import { html, render } from "./html.js";
import { t } from "./i18n.js";
import { icon } from "./icons.js";
import { ROUTES } from "./routes.js";
import { currentUser, hasRole } from "./session.js";

/** Draw the tab bar for the screen being shown (hidden when nobody is logged in). */
export function renderTabbar(route) {
  const bar = document.getElementById("tabbar");
  const tabs = ROUTES.filter((r) => r.tab && hasRole(r.roles));
  bar.hidden = !currentUser() || route.public || tabs.length === 0;
  const active = route.tab ? route.path : route.parent;
  render(bar, html`${tabs.map((tab) => html`
    <a class="tab" href="#/${tab.path}" aria-current="${tab.path === active ? "page" : "false"}">
      ${icon(tab.tab.icon)}<span>${t(tab.title)}</span>
    </a>`)}`);
  bar.setAttribute("aria-label", t("nav.label"));
}

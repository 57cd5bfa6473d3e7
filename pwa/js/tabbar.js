// Bottom navigation: one thumb-sized tab per route that declares `tab`, by role. The inbox's
// tab counts the unread notices on the phone, again whenever sync brings records, a mark is
// written (the outbox) or the user changes.
import { recordsOf } from "./db.js";
import { html, render } from "./html.js";
import { t } from "./i18n.js";
import { icon } from "./icons.js";
import { ROUTES } from "./routes.js";
import { currentUser, hasRole } from "./session.js";

const INBOX = "inbox";
let shown = null; // the route the bar was drawn for
let unread = 0;
let asked = 0; // counts asked for: only the last one is drawn

/** Whether a notice (a record's data) waits for the user: neither read nor dismissed. */
export function isUnread(notice) {
  return !notice.read_at && !notice.dismissed_at;
}

function tabTemplate(tab, active) {
  const count = tab.path === INBOX ? unread : 0;
  return html`<a class="tab" href="#/${tab.path}" data-tab="${tab.path}"
    aria-current="${tab.path === active ? "page" : "false"}"
    ${count ? html`aria-label="${t("nav.inbox_unread", { count })}"` : ""}>
    ${icon(tab.tab.icon)}<span>${t(tab.title)}</span>
    ${count ? html`<span class="tab-badge" data-unread="${count}">${
      count > 99 ? "99+" : count}</span>` : ""}</a>`;
}

/** Draw the tab bar for the screen being shown (hidden when nobody is logged in). */
export function renderTabbar(route) {
  if (!shown) {
    ["qz:data", "qz:outbox", "qz:user"].forEach((name) => addEventListener(name, recount));
    recount();
  }
  shown = route;
  const bar = document.getElementById("tabbar");
  const tabs = ROUTES.filter((r) => r.tab && hasRole(r.roles));
  bar.hidden = !currentUser() || route.public || tabs.length === 0;
  const active = route.tab ? route.path : route.parent;
  render(bar, html`${tabs.map((tab) => tabTemplate(tab, active))}`);
  bar.setAttribute("aria-label", t("nav.label"));
}

/** Count the unread notices again. */
async function recount() {
  const mine = ++asked;
  const uid = currentUser()?.id;
  const notices = uid === undefined ? [] : await recordsOf(uid, "notice").catch(() => []);
  const count = notices.filter((record) => isUnread(record.data)).length;
  if (mine === asked && count !== unread) {
    unread = count;
    renderTabbar(shown);
  }
}

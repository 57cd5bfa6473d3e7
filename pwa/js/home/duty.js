// Community duty (双报到) on the home screen: where a member's and the community staff's work
// starts — no counts (the screens they open have them, offline for members).
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { section } from "./parts.js";

// What each duty role does first, and where.
const WORK = [
  { role: "member", hint: "home.duty.member_hint", links: [
    { href: "#/duty-scan", label: "duty.scan.title", icon: "camera", primary: true },
    { href: "#/duty", label: "home.duty.open_service", icon: "users" }] },
  { role: "community_staff", hint: "home.duty.staff_hint", links: [
    { href: "#/duty-admin", label: "duty.admin.title", icon: "users", primary: true },
    { href: "#/duty-hours-admin", label: "duty.admin_hours.title", icon: "register" },
    { href: "#/duty-pledges-admin", label: "duty.pledges_admin.title", icon: "edit" }] },
];

/** The section for the duty roles among roles ("" when none). */
export function dutySection(roles = []) {
  const mine = WORK.filter((item) => roles.includes(item.role));
  if (!mine.length) return "";
  return section("duty", t("home.duty.title"), html`${mine.map((item) => html`
    <div class="card home-duty" data-role="${item.role}">
      <p class="muted">${t(item.hint)}</p>
      <div class="button-row">${item.links.map((link) => html`<a class="btn ${link.primary
    ? "btn-primary" : "btn-secondary"}" href="${link.href}">${icon(link.icon)}${t(
    link.label)}</a>`)}</div>
    </div>`)}`);
}

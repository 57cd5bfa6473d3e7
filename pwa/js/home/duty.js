// Community duty (双报到) for in-service members and community staff: not built yet, so the
// home says honestly what is coming and what can be done today.
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { section } from "./parts.js";

const COMING = [
  { role: "member", title: "home.duty.member_coming", then: "home.duty.member_then" },
  { role: "community_staff", title: "home.duty.staff_coming", then: "home.duty.staff_then" },
];

/** The section for the duty roles among roles ("" when none). */
export function dutySection(roles = []) {
  const mine = COMING.filter((item) => roles.includes(item.role));
  if (!mine.length) return "";
  return section("duty", t("home.duty.title"), html`
    <div class="card empty home-coming">
      ${icon("users")}
      ${mine.map((item) => html`<p class="home-coming-title">${t(item.title)}</p>
        <p class="muted">${t(item.then)}</p>`)}
      <p class="home-coming-now">${t("home.duty.now")}</p>
      <a class="btn btn-secondary" href="#/me">${t("home.duty.open_me")}</a>
    </div>`);
}

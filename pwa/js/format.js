// Numbers, dates and names shown to the user, in the UI language and China's time zone.
import { html } from "./html.js";
import { getLang, t } from "./i18n.js";

const TIME_ZONE = "Asia/Shanghai";

/** A count with the language's digit grouping. */
export function formatCount(value) {
  return new Intl.NumberFormat(getLang()).format(value ?? 0);
}

/** A moment as date and time in Beijing time, e.g. 2024/5/6 14:30. */
export function formatDateTime(timestamp) {
  return new Intl.DateTimeFormat(getLang(), {
    timeZone: TIME_ZONE, year: "numeric", month: "numeric", day: "numeric",
    hour: "2-digit", minute: "2-digit", hour12: false,
  }).format(new Date(timestamp));
}

/** "14:05" for today, "11/26" for another day, in Beijing time. */
export function shortTime(timestamp) {
  const options = { timeZone: TIME_ZONE };
  const day = (when) => new Intl.DateTimeFormat("en-CA", options).format(when);
  const today = day(new Date()) === day(new Date(timestamp));
  return new Intl.DateTimeFormat(getLang(), today
    ? { ...options, hour: "2-digit", minute: "2-digit", hour12: false }
    : { ...options, month: "numeric", day: "numeric" }).format(new Date(timestamp));
}

/** The greeting for the hour of the day in Beijing (早上好 / 下午好 …). */
export function greetingKey(now = new Date()) {
  const hour = Number(new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE, hour: "2-digit", hour12: false,
  }).format(now)) % 24;
  if (hour < 5) return "home.greeting.night";
  if (hour < 11) return "home.greeting.morning";
  if (hour < 13) return "home.greeting.noon";
  if (hour < 18) return "home.greeting.afternoon";
  return "home.greeting.evening";
}

/** A user's roles as chips, named in the UI language. */
export function roleChips(roles = []) {
  const chips = roles.map((role) => html`<li class="chip">${t(`role.${role}`)}</li>`);
  return html`<ul class="chips">${chips}</ul>`;
}

/** A node's place in the org tree, e.g. 四川省 › 示范市 › 示范县. */
export function nodePath(node) {
  const names = node?.path_names?.length ? node.path_names : [node?.name].filter(Boolean);
  return names.join(" › ");
}

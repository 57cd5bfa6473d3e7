// Home screen: greeting, the user's place in the org tree, counts in their scope.
// Draws the remembered answer at once, then the server's when it arrives.
import { api, ApiError } from "../api.js";
import { kvGet, kvSet } from "../db.js";
import { formatCount, formatDateTime, greetingKey, nodePath, roleChips } from "../format.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { currentUser, forget, remember } from "../session.js";

const COUNTS = [
  { key: "org_nodes", label: "home.count.org_nodes" },
  { key: "users", label: "home.count.users" },
  { key: "households", label: "home.count.households" },
];

function statusLine(home, state) {
  if (state === "loading") return t(home ? "home.refreshing" : "home.loading");
  if (!home) return t("home.no_offline_data");
  const when = formatDateTime(home.fetched_at);
  return state === "stale" ? t("home.offline_data", { when }) : t("home.updated", { when });
}

function template(user, home, state) {
  const counts = home?.counts ?? {};
  return html`
    <section class="card hero">
      <p class="hero-greeting">${t(greetingKey(), { name: user.name || user.username })}</p>
      <p class="hero-node">${nodePath(user.node)}</p>
      ${roleChips(user.roles)}
    </section>
    <h2 class="section-title">${t("home.scope_title")}</h2>
    <ul class="stats">${COUNTS.map(({ key, label }) => html`
      <li class="stat">
        <span class="stat-value" data-count="${key}">
          ${home ? formatCount(counts[key]) : "–"}</span>
        <span class="stat-label">${t(label)}</span>
      </li>`)}
    </ul>
    <p class="muted status-line" data-state="${state}">${statusLine(home, state)}</p>`;
}

/** Fetch /api/home and remember it; null when the server cannot be reached. */
async function fetchHome() {
  try {
    const answer = await api("/api/home");
    const home = { counts: answer.counts, fetched_at: Date.now() };
    await kvSet("home", home).catch(() => {});
    if (answer.user) await remember(answer.user);
    return home;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await forget();
      navigate("login");
      return undefined;
    }
    return null;
  }
}

/** Draw the home screen. */
export async function render(root) {
  const cached = await kvGet("home").catch(() => undefined);
  draw(root, template(currentUser(), cached, "loading"));
  const fresh = await fetchHome();
  if (fresh === undefined) return;
  draw(root, template(currentUser(), fresh ?? cached, fresh ? "fresh" : "stale"));
}

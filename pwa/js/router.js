// Hash router: #/path?key=value picks a screen from ROUTES and renders it into the page:
// render(root, params, signal), the signal ending when the user leaves the screen.
import { html, render } from "./html.js";
import { catalogueReady, t } from "./i18n.js";
import { HOME, LOGIN, ROUTES } from "./routes.js";
import { currentUser, hasRole } from "./session.js";
import { renderTabbar } from "./tabbar.js";

// Screens a user who must change the password may still open.
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(["password", "me"]);
let root = null;
let shown = null; // the AbortController of the screen on show: aborted when the user leaves
let shownHash = null; // the hash the screen on show was drawn for

/** Split "#/path?a=1" into {path, params}. A record named in the path, as the server's
 *  notices link to one ("#/case/<id>"), is the same as "#/case?id=<id>". */
export function parseHash(hash) {
  const [path, query = ""] = hash.replace(/^#\/?/, "").split("?");
  const params = Object.fromEntries(new URLSearchParams(query));
  const cut = path.lastIndexOf("/");
  const known = (name) => ROUTES.some((r) => r.path === name);
  if (cut > 0 && !known(path) && known(path.slice(0, cut))) {
    return { path: path.slice(0, cut), params: { ...params, id: path.slice(cut + 1) } };
  }
  return { path, params };
}

/** The route the current hash names (undefined when none). */
export function currentRoute() {
  const { path } = parseHash(location.hash);
  return ROUTES.find((r) => r.path === path);
}

/** Go to a screen (adds a history entry). */
export function navigate(path) {
  if (location.hash === `#/${path}`) refresh();
  else location.hash = `#/${path}`;
}

/** The path to open instead of the one asked for, or null when it may be opened. */
function redirectFor(route) {
  const user = currentUser();
  if (!route) return user ? HOME : LOGIN;
  if (!route.public && !user) return LOGIN;
  if (route.path === LOGIN && user) return HOME;
  if (route.roles && !hasRole(route.roles)) return HOME;
  if (user?.must_change_password && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(route.path)) {
    return "password";
  }
  return null;
}

/** Render the screen the current hash names. */
export async function refresh() {
  const route = currentRoute();
  const { params } = parseHash(location.hash);
  const redirect = redirectFor(route);
  if (redirect) {
    history.replaceState(null, "", `#/${redirect}`);
    // Sent back to the screen already on show (a tab tapped before the password is
    // changed): it stays as it is, with what was typed into it.
    if (location.hash === shownHash) return undefined;
    return refresh();
  }
  shownHash = location.hash;
  document.body.classList.toggle("public", Boolean(route.public));
  document.getElementById("title").textContent = t(route.title);
  renderTabbar(route);
  // The screen before ends here: its listeners go (screen.js), its late work sees it ended.
  shown?.abort();
  shown = new AbortController();
  const { signal } = shown;
  // A fresh container per visit: a slow view that finishes after the user moved on
  // writes into a detached element instead of over the next screen.
  const container = document.createElement("div");
  container.className = `screen screen-${route.path}`;
  root.replaceChildren(container);
  window.scrollTo(0, 0);
  let view;
  try {
    // The first screen draws from the start's messages; every other, from the whole catalogue.
    if (route.path !== LOGIN) await catalogueReady();
    view = await import(route.view);
  } catch {
    return showLoadFailure(container); // first visit with a broken connection: no worker yet
  }
  if (!signal.aborted) await view.render(container, params, signal);
}

function showLoadFailure(container) {
  render(container, html`<div class="card notice notice-warn" role="alert">
    <p>${t("app.load_failed")}</p>
    <button type="button" class="btn btn-primary btn-block">${t("app.retry")}</button></div>`);
  container.querySelector("button").addEventListener("click", () => location.reload());
}

/** Start answering hash changes; re-render on language switch. */
export function startRouter(element) {
  root = element;
  window.addEventListener("hashchange", refresh);
  window.addEventListener("qz:lang", refresh);
  return refresh();
}

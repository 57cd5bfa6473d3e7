// Who is logged in. The last /api/auth/me answer is kept on the phone so the app
// opens with no connection; the server stays the judge whenever it can be reached.
import { api } from "./api.js";
import { dropUserDataIfSettled, kvDelete, kvGet, kvSet, syncCounts } from "./db.js";

// The service worker's cache of photos (sw.js): emptied whenever the user may change.
const MEDIA_CACHE = "qz-media";
// Who signed in here last, {id, name}: kept when a login runs out, so the login screen can
// say that this user's unsent records wait on the phone for them.
const LAST_USER = "last_user";
let current = null;
let offline = false;

/** Tell the app (sync, badge) when the signed-in user changes. */
function changed(before) {
  if ((before?.id ?? null) !== (current?.id ?? null)) {
    window.dispatchEvent(new CustomEvent("qz:user", { detail: { id: current?.id ?? null } }));
  }
}

/** The logged-in user, or null. */
export function currentUser() {
  return current;
}

/** True when the user was taken from the phone because the server could not be reached. */
export function isOfflineSession() {
  return offline;
}

/** Whether the user holds any of the roles (no roles given: any logged-in user). */
export function hasRole(roles) {
  if (!current) return false;
  return !roles || roles.some((role) => current.roles?.includes(role));
}

/** Ask the server who is logged in; unreachable (or failing): the remembered user. */
export async function loadSession() {
  try {
    const { user } = await api("/api/auth/me");
    await remember(user);
  } catch (error) {
    if (error.status === 401 || error.status === 403) return forget();
    const before = current;
    current = (await kvGet("me").catch(() => undefined)) ?? null;
    offline = true;
    changed(before);
  }
  return current;
}

/** Keep the user (after login, /me or a password change) in memory and on the phone. */
export async function remember(user) {
  const before = current;
  current = user;
  offline = false;
  await kvSet("me", user).catch(() => {});
  if (user) await kvSet(LAST_USER, { id: user.id, name: user.name }).catch(() => {});
  changed(before);
}

/** The user who signed in on this phone last, with how many of their writes wait for the
 *  server: {id, name, pending}; null when nobody has (or the last one logged out cleanly). */
export async function lastUserWaiting() {
  const last = await kvGet(LAST_USER).catch(() => undefined);
  if (!last) return null;
  const { pending } = await syncCounts(last.id);
  return { ...last, pending };
}

/** Forget the user and everything cached for them. Their own database stays: an expired
 *  login keeps its unsent outbox for when the same user signs in again. */
export async function forget() {
  const before = current;
  current = null;
  offline = false;
  changed(before);
  await kvDelete("me", "home").catch(() => {});
  await globalThis.caches?.delete(MEDIA_CACHE).catch(() => {});
  return null;
}

/** Log in with the server; returns the user. Throws ApiError or OfflineError. */
export async function login(username, password) {
  const { user } = await api("/api/auth/login", {
    method: "POST", body: { username, password, remember: true },
  });
  await forget(); // nothing of a previous user on this phone may show under the new one
  await remember(user);
  return user;
}

/** Log out on the server, then forget locally. */
export async function logout() {
  const uid = current?.id;
  await api("/api/auth/logout", { method: "POST" });
  await forget();
  // Nothing left to send or to finish typing: leave none of the user's data on the phone.
  if (uid === undefined) return;
  const dropped = await dropUserDataIfSettled(uid).catch(() => false);
  if (dropped) await kvDelete(LAST_USER).catch(() => {});
}

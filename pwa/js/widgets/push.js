// Web Push on this device: an extra nudge beside the inbox, where the browser can have it.
// The inbox receives every notice whatever happens here: most phones in mainland China reach
// no push service, and iPhones receive pushes only from iOS 16.4 on, in the app added to the
// home screen. The server keeps a subscription per device (POST/DELETE
// /api/push/subscriptions); the service worker shows what arrives (sw.js).
import { api, OfflineError } from "../api.js";
import { isIos } from "../banners.js";

// Who turned push on here: a phone shared by several people pushes for one of them only.
const OWNER_KEY = "qz.push_user";

/** The user refused (or dismissed) the browser's question about notifications. */
export class PushRefused extends Error {}

/** Whether push can work here: "ok"; "ios_install" (an iPhone's browser: only the app added
 *  to the home screen receives pushes); "unsupported"; "blocked" (notifications refused in
 *  the browser's settings). */
export function pushSupport() {
  const installed = navigator.standalone === true
    || window.matchMedia?.("(display-mode: standalone)").matches;
  if (isIos() && !installed) return "ios_install";
  const apis = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!apis) return "unsupported";
  return Notification.permission === "denied" ? "blocked" : "ok";
}

function owner() {
  try { return localStorage.getItem(OWNER_KEY); } catch { return null; }
}

function setOwner(uid) {
  try {
    if (uid === null) localStorage.removeItem(OWNER_KEY);
    else localStorage.setItem(OWNER_KEY, String(uid));
  } catch { /* private mode: the switch shows off next time */ }
}

/** This device's push subscription, or null. */
async function subscription() {
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Whether this device pushes for user uid. */
export async function pushesFor(uid) {
  if (pushSupport() !== "ok" || Notification.permission !== "granted") return false;
  return owner() === String(uid) && Boolean(await subscription());
}

/** The server's application server key (base64url) as bytes. */
export function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const text = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

/** Ask for permission, subscribe with the server's key, and give the server the
 *  subscription. Throws PushRefused, OfflineError, ApiError, or the browser's error (no push
 *  service reachable); then nothing is left subscribed. */
export async function subscribePush(uid) {
  if (await Notification.requestPermission() !== "granted") throw new PushRefused();
  const { public_key: key } = await api("/api/push/key");
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) throw new Error("no service worker to receive pushes");
  await unsubscribePush(); // made with another key, or for someone else
  const made = await registration.pushManager.subscribe({
    userVisibleOnly: true, applicationServerKey: keyBytes(key),
  });
  try {
    await api("/api/push/subscriptions", { method: "POST", body: made.toJSON() });
  } catch (error) {
    await made.unsubscribe().catch(() => {});
    throw error;
  }
  setOwner(uid);
}

/** Stop pushing to this device. Its endpoint dies with the subscription, so the server
 *  forgets it at its next push even when it cannot be told now (offline). */
export async function unsubscribePush() {
  const found = await subscription();
  setOwner(null);
  if (!found) return;
  const { endpoint } = found;
  await found.unsubscribe();
  try {
    await api("/api/push/subscriptions", { method: "DELETE", body: { endpoint } });
  } catch (error) {
    if (!(error instanceof OfflineError)) throw error;
  }
}

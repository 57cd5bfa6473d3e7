// Registers the service worker, offers new versions, asks the worker its version, and opens
// the screen of a tapped notification.
import { showUpdatePrompt } from "./notice.js";
import { ROUTES } from "./routes.js";
import { hasRole } from "./session.js";

const CHECK_EVERY_MS = 30 * 60 * 1000;
let reloading = false;

function offer(worker) {
  showUpdatePrompt(() => {
    reloading = true;
    // Another tab may have activated it already: then only this page is stale.
    if (worker.state === "activated") location.reload();
    else worker.postMessage({ type: "SKIP_WAITING" });
  });
}

function watch(registration) {
  const controlled = () => Boolean(navigator.serviceWorker.controller);
  if (registration.waiting && controlled()) offer(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      // With no controller this is the first install: nothing old to replace.
      if (worker.state === "installed" && controlled()) offer(worker);
    });
  });
}

function checkForUpdate(registration) {
  registration.update().catch(() => { /* offline: try again later */ });
}

/** Register /sw.js; look for updates when the app comes back to view and every 30 min. */
export async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  // A tapped notification opens its screen in this page (sw.js openApp).
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.type === "OPEN") location.hash = new URL(event.data.url).hash;
  });
  let registration;
  try {
    registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  } catch {
    return; // not a secure context, or storage refused: the app still works online
  }
  watch(registration);
  // The worker caches the code of the user's screens after it starts; a page keeps it at it,
  // and names the new user's screens when someone else signs in.
  warmScreens();
  window.addEventListener("qz:user", () => { warmScreens(); });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") checkForUpdate(registration);
  });
  setInterval(() => checkForUpdate(registration), CHECK_EVERY_MS);
}

/** The version of the worker serving this page, or null (no worker, or it did not answer). */
export function workerVersion() {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    controller.postMessage({ type: "GET_VERSION" }, [channel.port2]);
    setTimeout(() => resolve(null), 2000);
  });
}

/** Ask the browser not to evict the phone's data (outbox, drafts) under storage pressure. */
export function requestPersistentStorage() {
  navigator.storage?.persist?.().catch(() => {});
}

/** The addresses of the screens the signed-in user may open (none before a sign-in). */
function myScreens() {
  return [...new Set(ROUTES.filter((route) => !route.public && hasRole(route.roles))
    .map((route) => new URL(route.view, import.meta.url).pathname))];
}

/** Have the worker cache the idle stage and the code of every screen the user may open, so
 *  all of them work offline; resolves to whether all of it is cached (false without a
 *  worker). */
export async function warmScreens() {
  if (!("serviceWorker" in navigator)) return false;
  const ready = await navigator.serviceWorker.ready;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data === true);
    ready.active?.postMessage({ type: "WARM", screens: myScreens() }, [channel.port2]);
    if (!ready.active) resolve(false);
  });
}

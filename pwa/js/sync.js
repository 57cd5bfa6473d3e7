// The sync loop: photos by hash, then the outbox in mid order, then the pull feed.
// Runs at start, on `online`, on becoming visible, after each local write, on a back-off
// timer and from the 同步 button; Background Sync only wakes an open page (sw.js).
import { api, ApiError, OfflineError } from "./api.js";
import { mediaGet, mediaPut, outboxEntries, stateGet, stateSet, syncCounts } from "./db.js";
import { deviceId } from "./outbox.js";
import { currentUser } from "./session.js";
import { applyPullPage, applyPushResults, resetPull } from "./sync-store.js";

const PUSH_BATCH = 100;
const PULL_PAGE = 500;
const RETRY_FIRST_MS = 30 * 1000; // after a failure; doubles up to RETRY_MAX_MS
const RETRY_MAX_MS = 10 * 60 * 1000;
// The phone has a network but the server did not answer (down, restarting, a dead proxy):
// it may be back any moment, so look again at least this often while the app is open.
const RETRY_UNREACHABLE_MAX_MS = 60 * 1000;
const IDLE_MS = 5 * 60 * 1000; // look for changes made elsewhere this often while open
const BUSY = new Set([429, 503]); // the server is overloaded or a write waited too long

// error: null | "offline" (no network) | "unreachable" (a network, but no server) | "auth"
// (log in again) | "password" (change it first) | "busy" (the server asked to be left alone a
// while) | "server" | "stalled" | "failed"
const status = {
  uid: null, running: false, pending: 0, rejected: 0, lastOk: null, error: null, message: "",
};
let timer = null;
let retryDelay = RETRY_FIRST_MS;
let running = null;
let again = false;
let notBefore = 0; // no run before this time (ms): the server's Retry-After

/** The user changed while a run was on its way: stop without touching anything. */
class Stopped extends Error {}
/** The server took none of the batch (a gap in mids it cannot bridge). */
class Stalled extends Error {}

/** A copy of the sync status shown by the badge and the 同步 screen. */
export function syncStatus() {
  return { ...status };
}

function announce() {
  window.dispatchEvent(new CustomEvent("qz:sync", { detail: syncStatus() }));
}

function dataChanged() {
  window.dispatchEvent(new CustomEvent("qz:data"));
}

async function refreshCounts(uid = status.uid) {
  if (uid === null) return;
  const counts = await syncCounts(uid);
  if (status.uid === uid) Object.assign(status, counts);
  announce();
}

function schedule(ms) {
  clearTimeout(timer);
  timer = setTimeout(syncNow, ms);
}

/** Run a sync now (or once more right after the one running); resolves when done. */
export function syncNow() {
  // The server asked to be left alone until then: every trigger (a write, the SW, `online`)
  // waits for the timer, or a busy server would be asked again at once.
  if (Date.now() < notBefore) {
    schedule(notBefore - Date.now());
    return Promise.resolve();
  }
  if (running) {
    again = true;
    return running;
  }
  running = runLocked().finally(() => {
    running = null;
    if (again) {
      again = false;
      syncNow();
    }
  });
  return running;
}

function runLocked() {
  const uid = currentUser()?.id ?? null;
  if (uid === null) return Promise.resolve();
  // Two open tabs of the same user take turns instead of sending the same batch twice.
  if (navigator.locks) return navigator.locks.request(`qz-sync-${uid}`, () => runOnce(uid));
  return runOnce(uid);
}

async function runOnce(uid) {
  clearTimeout(timer);
  const guard = () => { if ((currentUser()?.id ?? null) !== uid) throw new Stopped(); };
  if (status.uid === uid) {
    status.running = true;
    announce();
  }
  try {
    guard();
    // The cookie may belong to someone else (another tab logged in): never send for them.
    const { user } = await api("/api/auth/me");
    if (user?.id !== uid) throw new ApiError(401, null);
    await push(uid, guard);
    await pull(uid, guard);
    const lastOk = Date.now();
    await stateSet(uid, "last_ok", lastOk);
    guard();
    retryDelay = RETRY_FIRST_MS;
    Object.assign(status, { lastOk, error: null, message: "" });
    schedule(IDLE_MS);
  } catch (error) {
    if (error instanceof Stopped || status.uid !== uid) return;
    failed(error);
  } finally {
    if (status.uid === uid) {
      status.running = false;
      await refreshCounts(uid).catch(() => announce());
    }
  }
}

function failed(error) {
  if (error instanceof ApiError && error.code === "password_change_required") {
    Object.assign(status, { error: "password", message: "" });
    return; // the password screen asks for it; the change runs a sync
  }
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    Object.assign(status, { error: "auth", message: "" });
    return; // nothing to retry until the user logs in again; the outbox stays
  }
  if (error instanceof OfflineError) {
    // With a network the fault is the server's: the user is told so, and it is asked again soon.
    Object.assign(status, { error: navigator.onLine ? "unreachable" : "offline", message: "" });
  } else if (error instanceof Stalled) Object.assign(status, { error: "stalled", message: "" });
  else if (error instanceof ApiError && BUSY.has(error.status)) {
    Object.assign(status, { error: "busy", message: "" });
  } else if (error instanceof ApiError) {
    Object.assign(status, { error: "server", message: error.message });
  } else {
    console.error("sync failed", error); // the user sees only that it failed
    Object.assign(status, { error: "failed", message: "" });
  }
  // Never sooner than the server asked (Retry-After): a busy server is not hammered.
  const asked = (error?.retryAfter ?? 0) * 1000;
  notBefore = Date.now() + asked;
  schedule(Math.max(asked, status.error === "unreachable"
    ? Math.min(retryDelay, RETRY_UNREACHABLE_MAX_MS) : retryDelay));
  retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
}

function toMutation({ mid, op, entity, id, base_rev, data }) {
  return { mid, op, entity, id, base_rev, data };
}

/** Send the outbox in batches; each confirmed mid leaves it. */
async function push(uid, guard) {
  const device = await deviceId(uid);
  // The database this phone last pulled from: one restored from a backup since has lost the
  // mids it answered, and takes this phone's from where its outbox starts.
  const generation = (await stateGet(uid, "generation")) ?? null;
  for (;;) {
    const entries = await outboxEntries(uid, PUSH_BATCH);
    if (!entries.length) return;
    await uploadPhotos(uid, entries, guard);
    guard();
    const answer = await api("/api/sync/push", {
      method: "POST",
      body: { device_id: device, mutations: entries.map(toMutation), generation },
    });
    const removed = await applyPushResults(uid, answer.results, answer.last_mid);
    dataChanged();
    await refreshCounts(uid);
    if (!removed) throw new Stalled();
  }
}

/** Upload the photos a batch refers to and the server does not have yet. */
async function uploadPhotos(uid, entries, guard) {
  // A case event carries its photos inside its own data.
  const shas = new Set(entries.flatMap((entry) => [...entry.data?.photos ?? [],
    ...entry.data?.data?.photos ?? []]));
  for (const sha of shas) {
    const media = await mediaGet(uid, sha);
    if (!media || media.uploaded) continue;
    guard();
    try {
      await api(`/api/media/${sha}`, { method: "PUT", body: media.blob });
      await mediaPut(uid, { ...media, uploaded: true });
    } catch (error) {
      // A photo the server refuses is left: it refuses the record that shows it, with its
      // reason. Anything else stops this run.
      const refused = error instanceof ApiError && error.status >= 400 && error.status < 500
        && error.status !== 401 && error.status !== 403;
      if (!refused) throw error;
    }
  }
}

/** Pull pages of changes; each page is stored together with the cursor that follows it.
 *  The next page is asked for while this one is being stored. */
async function pull(uid, guard) {
  // The epoch a cursor came with goes back with it: the server tells a cursor handed out
  // before a prune or an access change (to be started again from zero) from one after it.
  const fetchPage = (since, epoch) => api(`/api/sync/pull?since=${since}&limit=${PULL_PAGE}`
    + (epoch === undefined ? "" : `&epoch=${epoch}`));
  let cursor = (await stateGet(uid, "cursor")) ?? 0;
  let epoch = await stateGet(uid, "epoch");
  let generation = await stateGet(uid, "generation");
  let ahead = null;
  for (;;) {
    guard();
    const page = await (ahead ?? fetchPage(cursor, epoch));
    ahead = null;
    const restored = generation !== undefined && generation !== page.generation;
    if (generation !== page.generation) {
      generation = page.generation;
      await stateSet(uid, "generation", generation);
    }
    if (page.resync || restored) { // the server forgot this cursor, or the feed it came from
      await resetPull(uid);
      cursor = 0;
      epoch = undefined;
      dataChanged();
      continue;
    }
    if (page.more) {
      ahead = fetchPage(page.next, page.epoch);
      ahead.catch(() => {}); // a failure surfaces when it is awaited, not as unhandled
    }
    await applyPullPage(uid, page.changes, page.next, page.epoch);
    if (page.changes.length) dataChanged();
    cursor = page.next;
    epoch = page.epoch;
    if (!page.more) return;
  }
}

function registerBackgroundSync() {
  navigator.serviceWorker?.ready
    .then((registration) => registration.sync?.register("qz-sync"))
    .catch(() => { /* not supported, or not allowed: the page syncs by itself */ });
}

/** Someone else signed in, or nobody: show their status and sync for them. */
async function onUserChange() {
  clearTimeout(timer);
  retryDelay = RETRY_FIRST_MS;
  const uid = currentUser()?.id ?? null;
  Object.assign(status, {
    uid, running: false, pending: 0, rejected: 0, lastOk: null, error: null, message: "",
  });
  announce();
  if (uid === null) return;
  status.lastOk = (await stateGet(uid, "last_ok").catch(() => null)) ?? null;
  await refreshCounts(uid).catch(() => {});
  syncNow();
}

/** Start syncing and keep syncing while the app is open. */
export function initSync() {
  window.addEventListener("online", () => {
    retryDelay = RETRY_FIRST_MS;
    syncNow();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") syncNow();
  });
  window.addEventListener("qz:outbox", () => {
    refreshCounts().catch(() => {});
    registerBackgroundSync();
    syncNow();
  });
  window.addEventListener("qz:user", onUserChange);
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if (event.data?.type === "SYNC") syncNow();
  });
  navigator.serviceWorker?.startMessages?.();
  onUserChange();
}

/* 群众工作通 service worker. The server fills in VERSION and PRECACHE from content hashes,
   so any change to a shell file changes this script and the browser sees an update. */
const VERSION = "__QZ_VERSION__";
// [{url, hash, at, needs?}]. A 2G line pays for every byte before the app works offline, so
// files come in stages: "install" ones start the app offline and are cached before this worker
// takes over; "idle" ones (the whole catalogue, the manifest) right after; "screen" ones (a
// screen's code, which its module's `needs` lists) right after too, for the screens the page
// names (those the signed-in user may open); "use" ones (other languages, big icons, other
// roles' screens) when first asked for.
const PRECACHE = ["__QZ_PRECACHE__"];
const SHELL_CACHE = `qz-shell-${VERSION}`;
const MEDIA_CACHE = "qz-media";
const SHELL = new Map(PRECACHE.map((entry) => [entry.url, entry]));
const ANY_VARY = { ignoreVary: true }; // files are sent compressed or not; the text is the same
const NAVIGATION_TIMEOUT_MS = 4000; // poor signal: fall back to the cached page
const downloads = new Map(); // url → promise: a file asked for twice at once is fetched once
let warming = null; // the latest caching of the "idle" stage and the named screens

self.addEventListener("install", (event) => {
  // A first install waits only for what starts the app. An update replaces a worker that
  // works offline already, so before taking over it holds all the old one held (what did not
  // change is copied, the rest fetched), the idle stage, and all the held screens now need.
  event.waitUntil(keepUnchanged().then((held) => {
    const needed = neededBy([...held]);
    return Promise.all(PRECACHE.filter(({ url, at }) => at === "install" || held.has(url)
      || (held.size && at === "idle") || needed.has(url)).map(keep));
  }));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys
      .filter((key) => key.startsWith("qz-shell-") && key !== SHELL_CACHE)
      .map((key) => caches.delete(key))))
    .then(() => self.clients.claim())
    .then(() => { warm(); })); // not awaited: it must not hold back the page's requests
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "SKIP_WAITING") self.skipWaiting();
  if (event.data?.type === "GET_VERSION") event.ports[0]?.postMessage(VERSION);
  // A page started (naming the screens its user may open): cache the idle stage and those
  // screens' code; a page that asks (with a port) hears whether all of it is cached.
  if (event.data?.type === "WARM") {
    const done = warm(event.data.screens);
    event.waitUntil(done.then((ok) => event.ports[0]?.postMessage(ok)));
  }
});

// Background Sync (Chromium only) is an extra: it wakes the open pages, which run the sync
// themselves (js/sync.js); the pages also sync on start, `online`, focus and a timer.
self.addEventListener("sync", (event) => {
  if (event.tag === "qz-sync") event.waitUntil(wakePages());
});

function wakePages() {
  return self.clients.matchAll({ type: "window" })
    .then((pages) => pages.forEach((page) => page.postMessage({ type: "SYNC" })));
}

// Web Push is an extra nudge too: each notice is in the inbox the pages pull (js/views/
// inbox.js). A push ({id, title, body, link}) is shown, and open pages sync to fetch it.
self.addEventListener("push", (event) => {
  let notice = {};
  try { notice = event.data?.json() ?? {}; } catch { /* not JSON: shown bare */ }
  event.waitUntil(Promise.all([wakePages(), self.registration.showNotification(
    notice.title || "", { body: notice.body || "", icon: "/icons/icon-192.png",
      tag: notice.id, data: notice.link })]));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openApp(appUrl(event.notification.data)));
});

/** The address a notice's link opens: one of the app's own screens ("#/case/<id>"). */
function appUrl(link) {
  const screen = typeof link === "string" && /^#\/[\w\-/?=&.]*$/.test(link) ? link : "";
  return new URL(`/${screen}`, self.location.origin).href;
}

/** Show url in a window of the app (the page follows its hash, without reloading), or in a
    new one when none is open. */
async function openApp(url) {
  const [page] = await self.clients.matchAll({ type: "window" });
  if (!page) return self.clients.openWindow(url);
  page.postMessage({ type: "OPEN", url });
  return page.focus().catch(() => { /* focus is a notification click's alone */ });
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin) return;
  if (url.pathname.startsWith("/api/")) return; // network only, never cached
  if (warming) event.waitUntil(warming); // keep this worker alive until the stage is cached
  if (event.request.mode === "navigate") event.respondWith(navigation(event.request));
  else if (SHELL.has(url.pathname)) event.respondWith(fromShell(event.request, url.pathname));
  else if (url.pathname.startsWith("/media/")) event.respondWith(fromMedia(event.request));
});

function stage(at) {
  return PRECACHE.filter((entry) => entry.at === at);
}

/** The URLs the screens' modules (URLs) need, themselves included. */
function neededBy(screens) {
  return new Set(screens.flatMap((url) => SHELL.get(url)?.needs ?? []));
}

/** Cache the idle stage and the code of the screens named (URLs); resolves to whether all of
    it is cached (what failed is tried again by the next WARM). */
function warm(screens) {
  const named = Array.isArray(screens) ? screens : [];
  const wanted = [...stage("idle"), ...[...neededBy(named)].map((url) => SHELL.get(url))];
  warming = Promise.all(wanted.filter(Boolean).map(keep)).then(() => true, () => false);
  return warming;
}

/** Copy the files an update did not change from the old caches, so it downloads only the
    rest; answers the URLs the old caches held. */
async function keepUnchanged() {
  const cache = await caches.open(SHELL_CACHE);
  const held = new Set();
  const keys = await caches.keys();
  for (const name of keys.filter((key) => key.startsWith("qz-shell-") && key !== SHELL_CACHE)) {
    const previous = await caches.open(name);
    await Promise.all(PRECACHE.map(async ({ url, hash }) => {
      const copy = await previous.match(url, ANY_VARY);
      if (copy) held.add(url);
      if (copy?.headers.get("ETag")?.includes(hash)) await cache.put(url, copy);
    }));
  }
  return held;
}

/** Cache one shell file under its plain URL, unless it is cached already. */
function keep(entry) {
  if (!downloads.has(entry.url)) {
    downloads.set(entry.url, caches.open(SHELL_CACHE).then(async (cache) => {
      if (await cache.match(entry.url, ANY_VARY)) return;
      await cache.put(entry.url, await download(entry));
    }).finally(() => downloads.delete(entry.url)));
  }
  return downloads.get(entry.url);
}

/** The page has usually just loaded the file: take the browser's copy when its ETag names this
    version; else fetch the hashed URL (safe to keep for ever). */
async function download({ url, hash }) {
  const copy = await fetch(url, { cache: "only-if-cached", mode: "same-origin" }).catch(() => null);
  if (copy?.ok && copy.headers.get("ETag")?.includes(hash)) return copy;
  const response = await fetch(`${url}?v=${hash}`);
  if (!response.ok) throw new Error(`precache ${url}: ${response.status}`);
  return response;
}

async function navigation(request) {
  const network = fetch(request);
  network.catch(() => {}); // its failure is handled below, not reported as unhandled
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
  } catch { /* offline: the cached page */ }
  return (await caches.match("/", { cacheName: SHELL_CACHE, ...ANY_VARY })) || network;
}

async function fromShell(request, path) {
  const cached = () => caches.match(path, { cacheName: SHELL_CACHE, ...ANY_VARY });
  const response = await cached();
  if (response) return response;
  await keep(SHELL.get(path)).catch(() => {}); // not cached yet: cache it now, as it is served
  return (await cached()) || fetch(request);
}

async function fromMedia(request) {
  const cache = await caches.open(MEDIA_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/* 群众工作通 service worker. The server fills in VERSION and PRECACHE from content hashes,
   so any change to a shell file changes this script and the browser sees an update. */
const VERSION = "__QZ_VERSION__";
const PRECACHE = ["__QZ_PRECACHE__"]; // [{url, hash}]
const SHELL_CACHE = `qz-shell-${VERSION}`;
const MEDIA_CACHE = "qz-media";
const SHELL_URLS = new Set(PRECACHE.map((entry) => entry.url));
const NAVIGATION_TIMEOUT_MS = 4000; // poor signal: fall back to the cached page

self.addEventListener("install", (event) => {
  // Fetch each file by its hashed URL (safe to cache for ever), store it under its plain URL.
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => Promise.all(
    PRECACHE.map(async ({ url, hash }) => {
      const response = await fetch(`${url}?v=${hash}`);
      if (!response.ok) throw new Error(`precache ${url}: ${response.status}`);
      await cache.put(url, response);
    }),
  )));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys
      .filter((key) => key.startsWith("qz-shell-") && key !== SHELL_CACHE)
      .map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "SKIP_WAITING") self.skipWaiting();
  if (event.data?.type === "GET_VERSION") event.ports[0]?.postMessage(VERSION);
});

// Background Sync (Chromium only) is an extra: it wakes the open pages, which run the sync
// themselves (js/sync.js); the pages also sync on start, `online`, focus and a timer.
self.addEventListener("sync", (event) => {
  if (event.tag !== "qz-sync") return;
  event.waitUntil(self.clients.matchAll({ type: "window" })
    .then((pages) => pages.forEach((page) => page.postMessage({ type: "SYNC" }))));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin) return;
  if (url.pathname.startsWith("/api/")) return; // network only, never cached
  if (event.request.mode === "navigate") event.respondWith(navigation(event.request));
  else if (SHELL_URLS.has(url.pathname)) event.respondWith(fromShell(event.request, url.pathname));
  else if (url.pathname.startsWith("/media/")) event.respondWith(fromMedia(event.request));
});

async function navigation(request) {
  const network = fetch(request);
  network.catch(() => {}); // its failure is handled below, not reported as unhandled
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
  } catch { /* offline: the cached page */ }
  return (await caches.match("/", { cacheName: SHELL_CACHE })) || network;
}

async function fromShell(request, path) {
  return (await caches.match(path, { cacheName: SHELL_CACHE })) || fetch(request);
}

async function fromMedia(request) {
  const cache = await caches.open(MEDIA_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

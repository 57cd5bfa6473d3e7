// Entry point: language, banners, who is logged in, the first screen, the service worker.
import { initBanners } from "./banners.js";
import { initI18n } from "./i18n.js";
import { initNotices } from "./notice.js";
import { currentRoute, refresh, startRouter } from "./router.js";
import { currentUser, loadSession } from "./session.js";
import { initSync } from "./sync.js";
import { initSyncBadge } from "./syncbadge.js";
import { registerWorker } from "./worker.js";

/** Back online: let the server confirm the login; redraw screens of server data only,
 *  so nothing typed into a form is lost. */
async function onReconnect() {
  const before = currentUser()?.id;
  await loadSession();
  if (currentUser()?.id !== before || currentRoute()?.refetch) refresh();
}

async function main() {
  await initI18n();
  initBanners();
  initNotices();
  await loadSession();
  await startRouter(document.getElementById("app"));
  document.body.classList.remove("booting");
  initSyncBadge();
  initSync();
  window.addEventListener("online", onReconnect);
  registerWorker();
}

main();

// Banners under the title bar: no network or no server, and hints for iPhone and WeChat users.
import { html, render } from "./html.js";
import { t } from "./i18n.js";
import { icon } from "./icons.js";

const DISMISSED = "qz.dismissed.";
let serverReachable = true;

/** True when the page has no connection or the last API call could not reach the server. */
export function isOffline() {
  return !navigator.onLine || !serverReachable;
}

/** An iPhone or iPad (iPadOS says it is a Mac with a touch screen). */
export function isIos() {
  const ua = navigator.userAgent;
  return /iPhone|iPad|iPod/.test(ua) || (ua.includes("Macintosh") && navigator.maxTouchPoints > 1);
}

function dismissed(id) {
  try { return localStorage.getItem(DISMISSED + id) === "1"; } catch { return false; }
}

/** Which hint banners apply to this browser. */
function hints() {
  const list = [];
  if (/MicroMessenger/i.test(navigator.userAgent)) list.push("wechat");
  else if (isIos() && navigator.standalone === false) list.push("ios");
  return list.filter((id) => !dismissed(id));
}

// Why the app works from the phone's copy. With no network the user may look for a signal;
// with a network but no answer the server is at fault, and the phone's settings are fine.
const OFFLINE_BANNERS = {
  offline: { icon: "offline", title: "offline.title", detail: "offline.detail" },
  unreachable: {
    icon: "alert", title: "offline.unreachable_title", detail: "offline.unreachable_detail",
  },
};

function offlineBanner() {
  const kind = navigator.onLine ? "unreachable" : "offline";
  const banner = OFFLINE_BANNERS[kind];
  return html`<div class="banner banner-offline" role="status" data-kind="${kind}">
    ${icon(banner.icon)}<span><strong>${t(banner.title)}</strong> ${t(banner.detail)}</span>
  </div>`;
}

function draw() {
  const offline = isOffline();
  document.body.classList.toggle("is-offline", offline);
  render(document.getElementById("banners"), html`
    ${offline ? offlineBanner() : ""}
    ${hints().map((id) => html`<div class="banner banner-hint banner-${id}">
      <span>${t(`hint.${id}`)}</span>
      <button type="button" class="icon-btn" data-dismiss="${id}" aria-label="${t("hint.dismiss")}">
        ${icon("close")}</button>
    </div>`)}`);
}

function onDismiss(event) {
  const id = event.target.closest("[data-dismiss]")?.dataset.dismiss;
  if (!id) return;
  try { localStorage.setItem(DISMISSED + id, "1"); } catch { /* private mode */ }
  draw();
}

/** Draw the banners and keep them in step with the connection and the language. */
export function initBanners() {
  window.addEventListener("online", () => { serverReachable = true; draw(); });
  window.addEventListener("offline", draw);
  window.addEventListener("qz:network", (event) => {
    if (serverReachable !== event.detail.reachable) {
      serverReachable = event.detail.reachable;
      draw();
    }
  });
  window.addEventListener("qz:lang", draw);
  document.getElementById("banners").addEventListener("click", onDismiss);
  draw();
}

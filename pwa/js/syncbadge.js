// The sync badge in the title bar: how many writes wait, when sync last succeeded, errors.
// Tapping it opens the 同步 screen.
import { shortTime } from "./format.js";
import { html, render } from "./html.js";
import { t } from "./i18n.js";
import { icon } from "./icons.js";
import { toast } from "./notice.js";
import { syncStatus } from "./sync.js";

/** The icon of each state of sync. */
export const ICONS = { running: "refresh", error: "alert", pending: "cloud-up", ok: "cloud-ok" };
let badge = null;
let seen = { uid: null, rejected: 0 }; // to tell the user when the server refuses more

// Failures that only mean "not now": the phone or the server is out of reach, or the server
// asked to be left alone a while, and sync resumes by itself; the badge raises no alarm.
const OUT_OF_REACH = new Set(["offline", "unreachable", "busy"]);

/** "running", "error" (refused writes, or a failure other than being out of reach),
 *  "pending" (writes wait for the server) or "ok". */
export function stateOf(status) {
  if (status.running) return "running";
  if (status.rejected || (status.error && !OUT_OF_REACH.has(status.error))) return "error";
  if (status.pending) return "pending";
  return "ok";
}

function label(status) {
  const parts = [status.pending ? t("syncui.pending_count", { count: status.pending })
    : t("syncui.all_synced")];
  if (status.rejected) parts.push(t("syncui.rejected_count", { count: status.rejected }));
  if (status.error) parts.push(t(`syncui.error.${status.error}`, { message: status.message }));
  parts.push(status.lastOk ? t("syncui.last_ok", { when: shortTime(status.lastOk) })
    : t("syncui.never"));
  return parts.join(t("syncui.separator"));
}

function noticeRefusals(status) {
  const more = status.uid === seen.uid ? status.rejected - seen.rejected : 0;
  if (more > 0) toast(t("syncui.new_rejected", { count: more }), "error");
  seen = { uid: status.uid, rejected: status.rejected };
}

function draw() {
  const status = syncStatus();
  badge.hidden = status.uid === null;
  noticeRefusals(status);
  if (badge.hidden) return;
  const state = stateOf(status);
  badge.dataset.state = state;
  badge.dataset.pending = String(status.pending);
  badge.dataset.rejected = String(status.rejected);
  badge.dataset.lastOk = status.lastOk ? String(status.lastOk) : "";
  badge.classList.toggle("is-offline-sync", OUT_OF_REACH.has(status.error));
  // How many wait: for the server, else for the user (refused); else when sync last worked.
  const waiting = status.pending || status.rejected;
  const text = waiting ? String(waiting) : status.lastOk ? shortTime(status.lastOk) : "";
  badge.setAttribute("aria-label", label(status));
  badge.title = label(status);
  render(badge, html`${icon(ICONS[state])}<span class="sync-badge-text">${text}</span>`);
}

/** Put the badge in the title bar and keep it current. */
export function initSyncBadge() {
  badge = document.createElement("a");
  badge.className = "sync-badge";
  badge.href = "#/sync";
  badge.hidden = true;
  document.getElementById("appbar").append(badge);
  window.addEventListener("qz:sync", draw);
  window.addEventListener("qz:lang", draw);
  draw();
}

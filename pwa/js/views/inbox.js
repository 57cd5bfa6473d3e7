// 消息: every notice the server wrote for me (the synced entity `notice`), from the phone's own
// store, so it reads offline: newest first, by day in Beijing time, the unread ones marked. A
// tap marks one read and opens what it is about; 全部标为已读; 移除 hides one. Marks are writes
// like any other (outbox.js): made offline, they reach the server with the next sync, and a
// mark once made stays. Drawn a page of rows at a time.
import { recordsOf } from "../db.js";
import { beijingNow, beijingToday } from "../households/rules.js";
import { drawIfChanged, html, render as draw } from "../html.js";
import { getLang, t } from "../i18n.js";
import { icon } from "../icons.js";
import { saveLocal } from "../outbox.js";
import { navigate } from "../router.js";
import { onSync } from "../screen.js";
import { currentUser } from "../session.js";
import { isUnread } from "../tabbar.js";
import { moreButton, onMoreRows } from "../widgets/more-rows.js";
import { useStylesheet } from "../widgets/styles.js";

// Rows drawn at first, and added as the end comes near: a phone screen shows about six.
const ROWS_PAGE = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const TIME_ZONE = "Asia/Shanghai";
// A link the phone follows is one of its own screens ("#/case/<id>"), never another page.
const APP_LINK = /^#\/[\w\-/?=&.]*$/;

/** The notices to show, newest first: the phone's, less those dismissed. */
async function inboxNotices(uid) {
  return (await recordsOf(uid, "notice"))
    .map((record) => ({ ...record.data, id: record.id, at: Date.parse(record.data.created_at) }))
    .filter((notice) => !notice.dismissed_at)
    .sort((a, b) => (b.at || 0) - (a.at || 0) || (a.id < b.id ? 1 : -1));
}

function linkOf(notice) {
  return APP_LINK.test(notice.link ?? "") ? notice.link : null;
}

/** 今天 / 昨天 / 11月28日 (with the year when it is not this one), in Beijing time. */
function dayTitle(day, at, today) {
  if (day === today) return t("inbox.today");
  if (day === beijingToday(Date.now() - DAY_MS)) return t("inbox.yesterday");
  const year = day.slice(0, 4) === today.slice(0, 4) ? {} : { year: "numeric" };
  return new Intl.DateTimeFormat(getLang(), { timeZone: TIME_ZONE, month: "long",
    day: "numeric", ...year }).format(at);
}

function row(notice, clock) {
  const unread = isUnread(notice);
  return html`<li class="inbox-row" data-id="${notice.id}" data-unread="${String(unread)}">
    <a class="inbox-open" href="${linkOf(notice) ?? "#/inbox"}" data-open>
      ${unread ? html`<span class="inbox-dot" role="img"
        aria-label="${t("inbox.unread")}"></span>` : ""}
      <span class="row-text"><strong>${notice.title}</strong>
        ${notice.body ? html`<span class="inbox-body">${notice.body}</span>` : ""}
        <span class="muted">${notice.at ? clock.format(notice.at) : ""}</span></span></a>
    <button type="button" class="icon-btn inbox-dismiss" data-dismiss
      aria-label="${t("inbox.dismiss")}">${icon("close")}</button></li>`;
}

/** The shown rows under their days' titles. */
function groups(shown, today) {
  const days = [];
  for (const notice of shown) {
    const day = notice.at ? beijingToday(notice.at) : "";
    if (days.at(-1)?.day === day) days.at(-1).notices.push(notice);
    else days.push({ day, at: notice.at, notices: [notice] });
  }
  const clock = new Intl.DateTimeFormat(getLang(), { timeZone: TIME_ZONE, hour: "2-digit",
    minute: "2-digit", hour12: false });
  return days.map(({ day, at, notices }) => html`<h2 class="section-title">${day
    ? dayTitle(day, at, today) : "—"}</h2>
    <ul class="card list inbox-list" data-day="${day}">${notices.map((n) => row(n, clock))}</ul>`);
}

function listTemplate(notices, rows) {
  if (!notices.length) {
    return html`<div class="card empty inbox-empty">${icon("bell")}
      <p><strong>${t("inbox.empty_title")}</strong></p><p class="muted">${t("inbox.empty")}</p>
      </div>`;
  }
  const unread = notices.filter(isUnread).length;
  return html`<p class="muted result-count" data-total="${notices.length}"
      data-unread="${unread}">${t("inbox.count", { count: notices.length, unread })}</p>
    ${groups(notices.slice(0, rows), beijingToday())}
    ${moreButton(rows, notices.length)}`;
}

function toolbar() {
  return html`<div class="button-row inbox-actions">
    <button type="button" class="btn btn-secondary" data-action="all-read">
      ${t("inbox.all_read")}</button>
    <a class="btn btn-secondary" href="#/notify-settings">${t("inbox.settings")}</a></div>`;
}

/** Mark a notice read or dismissed (field), on the phone and for the server; a mark once
 *  made stays, so the other is sent as it is. */
function mark(notice, field) {
  const marks = { read_at: notice.read_at ?? null, dismissed_at: notice.dismissed_at ?? null };
  marks[field] ??= beijingNow();
  return saveLocal("notice", marks, { id: notice.id });
}

/** Draw the inbox; drawn again when sync brings notices and when the user marks them. */
export async function render(root, params, signal) {
  useStylesheet("/js/widgets/inbox.css");
  const user = currentUser();
  let notices = [];
  let rows = ROWS_PAGE;
  draw(root, html`${toolbar()}<div class="inbox-lists" data-list></div>`);
  const slot = root.querySelector("[data-list]");
  const allRead = root.querySelector("[data-action=all-read]");
  let watch = () => {};
  const drawList = () => {
    allRead.disabled = !notices.some(isUnread);
    if (drawIfChanged(slot, listTemplate(notices, rows))) watch();
  };
  const load = async () => {
    notices = await inboxNotices(user.id);
    if (!signal.aborted) drawList();
  };
  const find = (target) => notices.find((n) => n.id === target.closest("[data-id]")?.dataset.id);
  slot.addEventListener("click", async (event) => {
    const notice = find(event.target);
    if (!notice) return;
    event.preventDefault();
    if (event.target.closest("[data-dismiss]")) {
      await mark(notice, "dismissed_at");
      await load();
    } else if (event.target.closest("[data-open]")) {
      // A mark that cannot be written leaves the notice unread; its screen opens anyway.
      if (isUnread(notice)) await mark(notice, "read_at").catch((e) => console.error("inbox", e));
      if (linkOf(notice)) navigate(linkOf(notice).slice(2));
      else await load();
    }
  }, { signal });
  allRead.addEventListener("click", async () => {
    allRead.disabled = true;
    for (const notice of notices.filter(isUnread)) await mark(notice, "read_at");
    await load();
  }, { signal });
  watch = onMoreRows(slot, signal, () => {
    rows += ROWS_PAGE;
    drawList();
  });
  onSync(signal, load);
  await load();
}

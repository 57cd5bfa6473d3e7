// 基层工作 (F8, seed §2): a leader's year — days at the grassroots against the target of their
// level and node (what remains, days a week still needed, a warning when behind), research
// reports against the one a year, research visits (those over the entourage rule flagged),
// contact points; receptions (F9, seed §4: the months against the monthly target, a month over
// without one held marked; planned ones first, each opening its form; 安排接访); then each day
// with what proves it (记录, 日记, 调研 …), the visits and the reports. Drawn from the server's
// last answer kept on the phone with my own records folded in (leaders/year.js), so it works
// offline and counts at once what was written offline; fetched again after each sync and
// when the connection comes back. Past years: ?year= (online; a year seen before is kept too).
import { formatDateTime } from "../format.js";
import { beijingToday } from "../households/rules.js";
import { drawIfChanged, html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import {
  dayRow, leaderStyles, recordButtons, refusedNotice, reportRow, visitRow, yearCard,
} from "../leaders/parts.js";
import { receptionRow, receptionsCard } from "../leaders/reception-parts.js";
import { leaderYear } from "../leaders/year.js";
import { navigate } from "../router.js";
import { SYNC_DATA, onSync } from "../screen.js";
import { currentUser } from "../session.js";

// How many years back the selector offers.
const YEARS_BACK = 5;

function yearPicker(year, thisYear) {
  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i);
  if (!years.includes(year)) years.push(year);
  return html`<label class="card leader-year"><span class="field-label">${t("leader.year")}
    </span><select name="year" data-year-picker>${years.map((y) => html`<option value="${y}"
      ${y === year ? "selected" : ""}>${t("leader.year_option", { year: y })}</option>`)}
    </select></label>`;
}

// How many of the newest days show at first; the rest open on a tap.
const DAYS_SHOWN = 10;

function listSection(name, title, items, empty, { shown = items.length, open = false } = {}) {
  const rest = items.slice(shown);
  return html`<h2 class="section-title">${title}</h2>
    ${items.length ? html`<div class="leader-stack" data-list="${name}">
      <ul class="card list leader-list">${items.slice(0, shown)}</ul>
      ${rest.length ? html`<details class="card leader-more" ${open ? "open" : ""}><summary>${
        t("leader.show_more", { count: rest.length })}</summary>
        <ul class="list leader-list">${rest}</ul></details>` : ""}</div>`
      : html`<p class="card muted" data-list="${name}">${empty}</p>`}`;
}

function freshness(state, current) {
  if (state.error && !state.answered) {
    return html`<p class="notice" role="alert" data-error>${state.error.message}</p>`;
  }
  if (!state.offline) {
    return html`<p class="muted status-line" data-fresh>${t("home.updated",
      { when: formatDateTime(state.fetched_at) })}</p>`;
  }
  if (!state.answered) {
    return html`<p class="notice notice-warn" data-stale>${t(current ? "leader.never_fetched"
      : "leader.past_needs_network")}</p>`;
  }
  return html`<p class="muted status-line" data-stale>${t("home.offline_data",
    { when: formatDateTime(state.fetched_at) })}</p>`;
}

function template(state, thisYear, moreOpen) {
  const mine = new Set(Object.values(state.records).flat().map((r) => r.id));
  const days = [...state.days.list].reverse();
  const current = state.year === thisYear;
  const { receptions } = state;
  return html`${refusedNotice(state.refused)}
    ${yearCard(state, { thisYear, actions: current ? recordButtons() : "" })}
    ${receptionsCard(receptions, { year: state.year, today: beijingToday(), current })}
    ${listSection("receptions", t("leader.receptions.list_title",
      { count: receptions.list.length }), receptions.list.map((r) => receptionRow(r, mine)),
      t("leader.receptions.none"))}
    ${listSection("days", t("leader.days.list_title", { count: days.length }),
      days.map((day) => dayRow(day, mine)), t("leader.days.none"),
      { shown: DAYS_SHOWN, open: moreOpen })}
    ${listSection("visits", t("leader.visits.list_title", { count: state.visits.count }),
      [...state.visits.list].reverse().map((v) => visitRow(v, mine)), t("leader.visits.none"))}
    ${listSection("reports", t("leader.reports.list_title", { count: state.reports.count }),
      state.reports.list.map((r) => reportRow(r, mine)), t("leader.reports.none"))}
    ${freshness(state, current)}`;
}

/** Draw the leader's year; drawn again from the kept answer and my records after each sync. */
export async function render(root, params = {}, signal) {
  leaderStyles();
  const user = currentUser();
  const thisYear = Number(beijingToday().slice(0, 4));
  const asked = Number(params.year);
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : thisYear;
  draw(root, html`<div class="leader-stack">${yearPicker(year, thisYear)}
    <div class="leader-stack" data-leader-year></div></div>`);
  const slot = root.querySelector("[data-leader-year]");
  root.querySelector("[data-year-picker]").addEventListener("change", (event) => {
    const picked = Number(event.target.value);
    navigate(picked === thisYear ? "leader" : `leader?year=${picked}`);
  });
  let moreOpen = false; // the earlier days, opened: they stay open when drawn again
  slot.addEventListener("toggle", (event) => { moreOpen = event.target.open; }, true);
  let asking = 0; // paints asked for: only the last one draws
  const paint = async (refresh) => {
    const mine = ++asking;
    const state = await leaderYear(user, year, { refresh });
    if (signal?.aborted || mine !== asking) return;
    drawIfChanged(slot, template(state, thisYear, moreOpen));
  };
  await paint(false);
  onSync(signal, () => paint(true), [...SYNC_DATA, "online"]);
  await paint(true);
}

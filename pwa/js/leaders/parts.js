// Pieces of 基层工作 that its screen and the home section share: the card of the year's days
// against the target (with the pace: what remains, days a week still needed, a warning when
// behind), and the rows of days, visits and reports with what proves a day and where each
// record stands on the phone.
import { html } from "../html.js";
import { getLang, t, tOr } from "../i18n.js";
import { icon } from "../icons.js";
import { useStylesheet } from "../widgets/styles.js";

/** Add the leaders' stylesheet (once). */
export function leaderStyles() {
  useStylesheet("/js/leaders/leaders.css");
}

/** A record's state on the phone as a chip ("" once the server has it). */
export function localChip(local) {
  if (!local) return "";
  return html`<span class="status status-${local}" data-local="${local}">${t(
    `diary.status.${local}`)}</span>`;
}

/** A date as 5月6日 周三 in the UI language. */
export function dayText(day) {
  return new Intl.DateTimeFormat(getLang(), { timeZone: "UTC", month: "long", day: "numeric",
    weekday: "short" }).format(new Date(`${day}T00:00:00Z`));
}

/** What the days stand at: "37" over "/ 90 天", the bar, what remains and the weekly pace. */
function daysBlock(days, year, thisYear) {
  const { target, count } = days;
  return html`<div class="leader-days"><span class="leader-count" data-days-count>${count}</span>
      <span class="muted" data-days-target="${target ?? ""}">${target
        ? t("leader.days.of_target", { target }) : t("leader.days.unit")}</span></div>
    ${target ? html`<progress class="leader-bar" max="${target}"
      value="${Math.min(count, target)}"></progress>` : ""}
    ${!target ? html`<p class="muted leader-line" data-no-target>${t("leader.days.no_target")}
      </p>` : days.remaining === 0 ? html`<p class="leader-line notice-ok notice" data-met>${t(
      "leader.days.met")}</p>` : html`<p class="leader-line" data-remaining>${t(
      "leader.days.remaining", { remaining: days.remaining })}${year === thisYear
        ? html`<span data-per-week>${t("leader.days.per_week", { per_week: days.per_week })}
        </span>` : ""}</p>`}
    ${days.behind ? html`<p class="notice notice-warn" role="status" data-behind>${year
      === thisYear ? t("leader.days.behind", { expected: days.expected })
      : t("leader.days.missed", { target })}</p>` : ""}`;
}

/** The card of a year: days against the target; with details, reports, visits and contact
 *  points too (the screen), else only the days (the home section). */
export function yearCard(state, { thisYear, details = true, actions = "" }) {
  const { days, reports, visits } = state;
  return html`<section class="card leader-card ${days.behind ? "leader-behind" : ""}"
      data-leader-summary data-year="${state.year}">
    <h2>${t("leader.days.title", { year: state.year })}</h2>
    ${daysBlock(days, state.year, thisYear)}
    ${details ? html`<div class="stats">
      <div class="stat" data-reports-stat data-met="${String(reports.met)}"><span
        class="stat-value">${reports.count}/${reports.target}</span><span class="stat-label">${t(
        "leader.reports.stat")}</span></div>
      <div class="stat" data-visits-stat><span class="stat-value">${visits.count}</span><span
        class="stat-label">${t("leader.visits.stat")}</span></div>
      <div class="stat" data-over-stat><span class="stat-value">${visits.over_limit}</span><span
        class="stat-label">${t("leader.visits.over_stat")}</span></div></div>
    ${reports.met ? "" : html`<p class="notice notice-warn" data-reports-needed>${t(
      "leader.reports.needed", { count: reports.target })}</p>`}
    <p class="leader-line" data-contacts><span class="muted">${t("leader.contacts")}</span>${
      state.contacts.length ? state.contacts.map((c) => c.name).join(t("leader.origins_separator"))
      : t("leader.contacts_none")}</p>` : ""}
    ${actions}</section>`;
}

/** The buttons that start a record (the home shows the first only, with the screen's). */
export function recordButtons() {
  return html`<div class="leader-actions">
    <a class="btn btn-primary btn-block" href="#/leader-day" data-log-day>${icon("edit")}${t(
      "leader.day.title")}</a>
    <div class="button-row">
      <a class="btn btn-secondary" href="#/leader-visit">${icon("pin")}${t("leader.visit.title")}
      </a>
      <a class="btn btn-secondary" href="#/leader-report">${icon("diary")}${t(
        "leader.report.title")}</a></div>
    <div class="button-row only-online">
      <a class="btn btn-secondary" href="#/dashboard" data-dashboard>${icon("register")}${t(
        "dashboard.title")}</a>
      <a class="btn btn-secondary" href="#/dash-person" data-annual>${icon("user")}${t(
        "dashboard.annual_report")}</a></div></div>`;
}

function sourceChip(source) {
  const where = source.place ? ` · ${source.place}` : "";
  return html`<span class="chip chip-kind" data-source="${source.kind}">${tOr(
    `leader.source.${source.kind}`, source.kind)}${where}</span>`;
}

// The form that opens a record proving a day, by the kind of proof.
const FORMS = { logged: "leader-day", visit: "leader-visit", reception: "leader-reception" };

/** One date at the grassroots with what proves it; a day or visit of mine opens its form. */
export function dayRow(day, mine) {
  const opens = day.sources.find((s) => FORMS[s.kind] && mine.has(s.id));
  const body = html`<span class="row-text"><strong>${dayText(day.day)}</strong>
    <span class="chips">${day.sources.map(sourceChip)}${localChip(day.sources.find(
      (s) => s.local)?.local)}</span></span>`;
  return opens ? html`<li><a class="list-row list-link" href="#/${FORMS[opens.kind]}?id=${
    opens.id}" data-day="${day.day}">${body}${icon("chevron")}</a></li>`
    : html`<li class="list-row" data-day="${day.day}">${body}</li>`;
}

function heads(entourage) {
  const came = Object.entries(entourage ?? {}).filter(([, count]) => Number(count) > 0);
  if (!came.length) return t("leader.visit.no_entourage");
  return came.map(([origin, count]) => t("leader.visit.head",
    { origin: t(`leaders.entourage.${origin}`), count })).join(t("syncui.separator"));
}

/** One research visit: kind, topic, days, places, who came along, flagged when over. */
export function visitRow(visit, mine) {
  const span = visit.ends_on && visit.ends_on !== visit.starts_on
    ? `${visit.starts_on} – ${visit.ends_on}` : visit.starts_on;
  const body = html`<span class="row-text">
    <strong>${visit.topic}</strong>
    <span class="chips"><span class="chip chip-kind">${t(`leader.visit.kind.${visit.kind}`)}
      </span>${visit.over_limit ? html`<span class="chip chip-warn" data-over-limit>${t(
        "leader.visits.over_chip")}</span>` : ""}${localChip(visit.local)}</span>
    <span class="muted">${span} · ${visit.places}</span>
    <span class="muted">${t("leader.visit.entourage_line", { heads: heads(visit.entourage) })}
    </span>
    ${visit.over_limit && visit.over_reason ? html`<span class="muted">${t(
      "leader.visit.over_reason_line", { reason: visit.over_reason })}</span>` : ""}</span>`;
  return mine.has(visit.id) ? html`<li><a class="list-row list-link"
      href="#/leader-visit?id=${visit.id}" data-visit="${visit.id}">${body}${icon("chevron")}
      </a></li>` : html`<li class="list-row" data-visit="${visit.id}">${body}</li>`;
}

/** One research report: its title, text or file, the visits it draws on. */
export function reportRow(report, mine) {
  const body = html`<span class="row-text"><strong>${report.title}</strong>
    <span class="chips">${report.document ? html`<span class="chip chip-kind">${t(
      "leader.report.has_file")}</span>` : ""}${report.has_text ? html`<span
      class="chip chip-kind">${t("leader.report.has_text")}</span>` : ""}${localChip(
      report.local)}</span>
    ${report.visit_ids.length ? html`<span class="muted">${t("leader.report.visits_count",
      { count: report.visit_ids.length })}</span>` : ""}</span>`;
  return mine.has(report.id) ? html`<li><a class="list-row list-link"
      href="#/leader-report?id=${report.id}" data-report="${report.id}">${body}${icon(
      "chevron")}</a></li>` : html`<li class="list-row" data-report="${report.id}">${body}</li>`;
}

/** My records of these kinds the server refused, and the way to settle them. */
export function refusedNotice(refused) {
  if (!refused.length) return "";
  return html`<section class="card notice" role="alert" data-refused>
    <p><strong>${t("leader.refused", { count: refused.length })}</strong></p>
    <a class="btn btn-secondary" href="#/sync">${t("duty.refused_open")}</a></section>`;
}

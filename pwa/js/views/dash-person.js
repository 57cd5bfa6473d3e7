// One person's figures (个人统计), and their annual report (年度述职): what they wrote,
// received, own, serve and, for a leader, their days at the grassroots and receptions, over a
// period or a whole year; each number opens the records behind it; the year prints as a page
// and downloads as Excel. For the person and for the readers of dashboards of their scope.
//   #/dash-person?id=&from=&to=     a period        #/dash-person?id=&year=YYYY   a year
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { currentUser } from "../session.js";
import {
  DASH, dashStyles, figureText, loadShown, query, readPeriod,
} from "../widgets/dash-parts.js";

// The person's figures by group, as the node's are grouped.
const GROUPED = [...new Set(DASH.figures.map((f) => f.group))].map((group) => [group,
  DASH.person_figures.filter((name) => DASH.figures.find((f) => f.name === name)?.group
    === group)]).filter(([, names]) => names.length);
const RATE_OF = Object.fromEntries(DASH.rates.map((r) => [r.part, r.name]));

function periodOf(params) {
  if (/^\d{4}$/.test(params.year || "")) {
    return { from: `${params.year}-01`, to: `${params.year}-12`, year: params.year };
  }
  return readPeriod(params);
}

function tile(person, period, name) {
  const rate = RATE_OF[name];
  const value = person.figures[rate];
  return html`<a class="dash-tile" data-figure="${name}" href="#/dash-records?${query(period,
    { figure: name, user_id: person.id })}"><strong class="dash-value">${figureText(name,
    person.figures[name])}</strong><span class="dash-label">${t(`dashboard.figure.${name}`)}
    </span>${rate && value !== null && value !== undefined ? html`<span class="dash-rate">${t(
  `dashboard.figure.${rate}`)} ${value}%</span>` : ""}</a>`;
}

function template(person, period) {
  const year = period.year ?? period.from.slice(0, 4);
  const mine = person.id === currentUser()?.id;
  return html`
    ${mine ? "" : html`<a class="back-link" href="#/dashboard?${query(period)}">${icon("back")}${t(
    "dashboard.back")}</a>`}
    <section class="card dash-person-head">
      <h2>${person.name}</h2>
      <p class="muted">${person.node_name} · ${person.roles.map((r) => t(`role.${r}`))
    .join(t("dashboard.roles_separator"))}</p>
      <p data-period>${period.year ? t("dashboard.annual_of", { year })
    : t("dashboard.period_of", { from: period.from, to: period.to })}</p></section>
    <div class="dash-exports no-print">
      <a class="btn btn-secondary" href="#/dash-person?id=${person.id}&year=${year}"
        data-annual>${t("dashboard.annual_report")}</a>
      <button type="button" class="btn btn-secondary" data-print>${t("dashboard.print")}</button>
      <a class="btn btn-secondary" download data-export
        href="/api/dashboard/person/${person.id}/annual.xlsx?year=${year}">${icon("download")}${t(
  "dashboard.export_annual")}</a></div>
    ${GROUPED.map(([group, names]) => html`<section class="card dash-group"
      data-group="${group}"><h3>${t(`dashboard.group.${group}`)}</h3>
      <div class="dash-tiles">${names.map((name) => tile(person, period, name))}</div>
    </section>`)}`;
}

export async function render(root, params, signal) {
  dashStyles();
  const id = /^\d+$/.test(params.id || "") ? params.id : String(currentUser()?.id ?? "");
  const period = periodOf(params);
  const ask = period.year ? `year=${period.year}` : query(period);
  const answer = await loadShown(root, signal, `/api/dashboard/person/${id}?${ask}`);
  if (!answer) return;
  draw(root, template(answer.person, { ...period, from: answer.period.from,
    to: answer.period.to }));
  root.querySelector("[data-print]").addEventListener("click", () => window.print());
}

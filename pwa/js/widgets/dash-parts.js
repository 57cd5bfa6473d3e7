// What the dashboard screens share: the period in the address, the figures as tiles each
// linking to the records behind it, rates, and the period form.
import { api, OfflineError } from "../api.js";
import { formatCount } from "../format.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import RULES from "../rules.js";
import { useStylesheet } from "./styles.js";

export const DASH = RULES.dashboard;
export const GROUPS = [...new Set(DASH.figures.map((f) => f.group))];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
// A rate shown beside the figure that is its part.
const RATE_OF = Object.fromEntries(DASH.rates.map((r) => [r.part, r.name]));

export function dashStyles() {
  useStylesheet("/js/widgets/dash.css");
}

function month(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

/** The period the address names ({from, to}), this year so far by default. */
export function readPeriod(params) {
  const now = new Date();
  return { from: MONTH.test(params.from || "") ? params.from : `${now.getFullYear()}-01`,
    to: MONTH.test(params.to || "") ? params.to : month(now) };
}

/** The period's presets: this year so far, the last 12 months, last year. */
export function presets() {
  const now = new Date();
  const back = new Date(now.getFullYear(), now.getMonth() - 11, 1);
  const year = now.getFullYear();
  return [{ key: "year", from: `${year}-01`, to: month(now) },
    { key: "last12", from: month(back), to: month(now) },
    { key: "last_year", from: `${year - 1}-01`, to: `${year - 1}-12` }];
}

export function periodForm(period) {
  return html`<form class="card form dash-period" data-period novalidate>
    <div class="dash-period-fields">
      <div class="field"><label class="field-label" for="dash-from">${t("dashboard.from")}</label>
        <input type="month" id="dash-from" name="from" value="${period.from}" required></div>
      <div class="field"><label class="field-label" for="dash-to">${t("dashboard.to")}</label>
        <input type="month" id="dash-to" name="to" value="${period.to}" required></div>
    </div>
    <div class="dash-presets" role="group" aria-label="${t("dashboard.presets")}">
      ${presets().map((p) => html`<button type="button" class="dash-preset" data-preset="${p.key}"
        data-from="${p.from}" data-to="${p.to}" aria-pressed="${p.from === period.from
        && p.to === period.to ? "true" : "false"}">${t(`dashboard.preset.${p.key}`)}</button>`)}
    </div>
    <p class="form-error" role="alert" data-period-error hidden></p></form>`;
}

/** A figure as the screen shows it: duty minutes as hours, the rest as counts. */
export function figureText(name, value) {
  if (value === null || value === undefined) return "—";
  if (name === "duty_minutes") return t("dashboard.hours", { hours: (value / 60).toFixed(1) });
  if (name.endsWith("_rate")) return `${value}%`;
  return formatCount(value);
}

/** The tiles of the figures of a group; each links to its records (link(name)). */
export function tiles(figures, names, link) {
  return html`<div class="dash-tiles">${names.map((name) => {
    const rate = RATE_OF[name];
    const today = DASH.figures.find((f) => f.name === name)?.as_of_today;
    return html`<a class="dash-tile" href="${link(name)}" data-figure="${name}">
      <strong class="dash-value">${figureText(name, figures[name])}</strong>
      <span class="dash-label">${t(`dashboard.figure.${name}`)}</span>
      ${rate && figures[rate] !== null && figures[rate] !== undefined ? html`<span
        class="dash-rate">${t(`dashboard.figure.${rate}`)} ${figures[rate]}%</span>` : ""}
      ${today ? html`<span class="dash-today">${t("dashboard.as_of_today")}</span>` : ""}
    </a>`;
  })}</div>`;
}

/** The query of a period (and more: node_id, user_id, figure…). */
export function query(period, more = {}) {
  return new URLSearchParams({ ...more, from: period.from, to: period.to }).toString();
}

/** The answer of a dashboard's GET url drawn into root after a loading line; null (and what
 *  went wrong drawn instead, after `before`: the period form, say) when it failed, or when
 *  the user left meanwhile. */
export async function loadShown(root, signal, url, before = html``) {
  draw(root, html`<p class="muted" role="status">${t("admin.loading")}</p>`);
  try {
    const answer = await api(url);
    return signal.aborted ? null : answer;
  } catch (error) {
    if (signal.aborted) return null;
    draw(root, error instanceof OfflineError ? html`<div class="card empty" role="status">
      ${icon("offline")}<p>${t("dashboard.needs_network")}</p></div>` : html`${before}
      <p class="card form-error" role="alert">${error.errors?.[0]?.message || error.message}
      </p>`);
    return null;
  }
}

// The records behind a number of a dashboard (统计明细): the same conditions as the figure,
// 50 a page, each opening its own screen where there is one (a diary, a case, a household, a
// person's figures). Online only.
//   #/dash-records?figure=&node_id=[&own=1]&from=&to=     of a node (or its own part)
//   #/dash-records?figure=&user_id=&from=&to=              of a person
import { formatCount, formatDateTime } from "../format.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { navigate } from "../router.js";
import {
  DASH, dashStyles, figureText, loadShown, query, readPeriod,
} from "../widgets/dash-parts.js";

const NAMES = new Set(DASH.figures.map((f) => f.name));

function when(item) {
  if (!item.at) return "";
  return item.at.length > 10 ? formatDateTime(item.at) : item.at;
}

function detail(item) {
  if (item.kind === "case") {
    return [t(`appeal.category.${item.category}`), t(`case.status.${item.status}`)].join(" · ");
  }
  if (item.kind === "diary") return t(`diary.kind.${item.diary_kind}`);
  if (item.kind === "duty_hours") return figureText("duty_minutes", item.minutes);
  if (item.kind === "warning") {
    return [t(`appeal.category.${item.category}`), t("dashboard.warning_value",
      { days: item.days, count: item.count })].join(" · ");
  }
  if (item.kind === "leader" && item.value !== null && item.value !== undefined) {
    return t("dashboard.leader_value", { value: item.value, target: item.target ?? "—" });
  }
  return "";
}

function row(item) {
  const body = html`<strong>${item.title || t(`dashboard.kind.${item.kind}`)}</strong>
    <span class="muted">${[when(item), item.node_name, item.person].filter(Boolean)
    .join(" · ")}</span><span class="muted">${detail(item)}</span>`;
  return html`<li class="list-row dash-record" data-record="${item.id}"
    data-kind="${item.kind}">${item.link ? html`<a class="list-link" href="${item.link}"
    >${body}</a>` : html`<div class="list-link">${body}</div>`}</li>`;
}

function pagesTemplate(answer) {
  if (answer.pages <= 1) return "";
  return html`<div class="dash-pages">
    <button type="button" class="btn btn-secondary" data-page="${answer.page - 1}"
      ${answer.page <= 1 ? "disabled" : ""}>${t("dashboard.previous")}</button>
    <span class="muted">${t("dashboard.page_of", { page: answer.page, pages: answer.pages })}
    </span>
    <button type="button" class="btn btn-secondary" data-page="${answer.page + 1}"
      ${answer.page >= answer.pages ? "disabled" : ""}>${t("dashboard.next")}</button></div>`;
}

export async function render(root, params, signal) {
  dashStyles();
  const period = readPeriod(params);
  const figure = NAMES.has(params.figure) ? params.figure : "diaries";
  const scope = {};
  for (const name of ["node_id", "user_id"]) {
    if (/^\d+$/.test(params[name] || "")) scope[name] = params[name];
  }
  if (params.own === "1") scope.own = "1";
  const page = /^\d+$/.test(params.page || "") ? Number(params.page) : 1;
  const answer = await loadShown(root, signal, `/api/dashboard/records?${query(period,
    { figure, ...scope, page: String(page) })}`);
  if (!answer) return;
  const back = scope.user_id ? `#/dash-person?${query(period, { id: scope.user_id })}`
    : `#/dashboard?${query(period, scope.node_id ? { node_id: scope.node_id } : {})}`;
  draw(root, html`<a class="back-link" href="${back}">${icon("back")}${t("dashboard.back")}</a>
    <section class="card dash-records">
      <h2>${t(`dashboard.figure.${figure}`)}</h2>
      <p class="muted" data-total="${answer.total}">${t("dashboard.records_count", {
    count: formatCount(answer.total), from: answer.period.from, to: answer.period.to })}</p>
      ${answer.items.length ? html`<ul class="list">${answer.items.map(row)}</ul>`
    : html`<p class="muted empty">${t("dashboard.no_records")}</p>`}
      ${pagesTemplate(answer)}</section>`);
  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-page]");
    if (!button || button.disabled) return;
    navigate(`dash-records?${query(period, { figure, ...scope, page: button.dataset.page })}`);
  }, { signal });
}

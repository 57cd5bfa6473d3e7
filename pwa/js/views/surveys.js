// 满意度调查 (F12, 政风行风满意度): supervisors and administrators survey a unit of their
// subtree; residents answer on a public page (no account) from its link or QR code. Online
// only, like the administration screens.
//   #/surveys              the subtree's surveys, newest first, and the way to a new one
//   #/surveys?new=1        a new survey: unit, title, period
//   #/surveys?id=<id>      one survey: its link and QR code, its results with bars, Excel
import { api, OfflineError } from "../api.js";
import {
  actionMessage, backLink, copyText, field, showFailure, showLoading, submitRequest,
} from "../admin/common.js";
import { buildTree, fetchNodes } from "../admin/org.js";
import { nodePicker } from "../admin/userform.js";
import { showErrors } from "../forms.js";
import { formatCount } from "../format.js";
import { beijingToday } from "../households/rules.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import RULES from "../rules.js";
import { hasRole } from "../session.js";
import { pagedList } from "../widgets/paged-list.js";
import { useStylesheet } from "../widgets/styles.js";

const { creators: CREATORS, title_max: TITLE_MAX, period_max_days: PERIOD_MAX_DAYS } =
  RULES.surveys;
const PAGE = 20;
// A new survey runs a month unless its maker says otherwise.
const DEFAULT_DAYS = 30;
const STATE_CHIPS = { open: "chip-kind", upcoming: "chip-warn", closed: "chip-muted",
  ended: "chip-muted" };
const REQUIRED = ["node_id", "title", "starts_on", "ends_on"];

function stateChip(state) {
  return html`<span class="chip ${STATE_CHIPS[state]}" data-state="${state}"
    >${t(`survey.state.${state}`)}</span>`;
}

function period(survey) {
  return t("survey.period", { starts: survey.starts_on, ends: survey.ends_on });
}

function row(survey) {
  return html`<li><a class="list-row list-link" href="#/surveys?id=${survey.id}"
      data-survey="${survey.id}"><span class="row-text">
      <strong>${survey.title}</strong>
      <span class="chips">${stateChip(survey.state)}<span class="chip chip-muted"
        >${t("survey.answers_short", { count: formatCount(survey.answers) })}</span></span>
      <span class="muted">${survey.node_name} · ${period(survey)}</span></span>
      ${icon("chevron")}</a></li>`;
}

async function drawList(slot) {
  showLoading(slot);
  try {
    await pagedList(slot, {
      load: (cursor) => api(`/api/surveys?${new URLSearchParams({ limit: String(PAGE),
        ...(cursor ? { cursor } : {}) })}`),
      row, count: (total) => t("survey.count", { count: formatCount(total) }),
      empty: t("survey.none"),
    });
  } catch (error) {
    if (error instanceof OfflineError) {
      draw(slot, html`<p class="card notice notice-warn">${t("survey.offline")}</p>`);
    } else await showFailure(slot, error, () => drawList(slot));
  }
}

function listScreen(root) {
  draw(root, html`<div class="button-row">
      ${hasRole(CREATORS) ? html`<a class="btn btn-primary" href="#/surveys?new=1"
        >${icon("plus")}${t("survey.new")}</a>` : ""}
      <a class="btn btn-secondary" href="/api/surveys/export.xlsx" download data-export-all
        >${icon("download")}${t("survey.export_all")}</a></div>
    <div class="user-list" data-list></div>`);
  return drawList(root.querySelector("[data-list]"));
}

/** The day `days` after a YYYY-MM-DD day. */
function addDays(day, days) {
  const moment = new Date(`${day}T00:00:00Z`);
  moment.setUTCDate(moment.getUTCDate() + days);
  return moment.toISOString().slice(0, 10);
}

function formTemplate(tree) {
  const today = beijingToday();
  return html`${backLink("surveys", t("survey.title"))}
    <form class="card form" novalidate data-form="survey">
      <h2 class="form-title">${t("survey.new")}</h2>
      <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
      <p class="form-error" role="alert" hidden></p>
      ${field("node_id", t("survey.field.node_id"), nodePicker(tree, ""))}
      ${field("title", t("survey.field.title"), html`<input name="title" required
        maxlength="${TITLE_MAX}" autocomplete="off" placeholder="${t("survey.hint.title")}">`)}
      ${field("starts_on", t("survey.field.starts_on"), html`<input type="date"
        name="starts_on" required value="${today}">`)}
      ${field("ends_on", t("survey.field.ends_on"), html`<input type="date" name="ends_on"
        required value="${addDays(today, DEFAULT_DAYS - 1)}">`,
        t("survey.hint.period", { days: PERIOD_MAX_DAYS }))}
      <p class="muted">${t("survey.hint.questions", { questions: RULES.surveys.questions
        .map((q) => t(`survey.question.${q}`)).join(t("survey.separator")) })}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("survey.submit")}</button>
    </form>`;
}

async function submitForm(form) {
  const body = Object.fromEntries(REQUIRED.map((name) => [name, form[name].value.trim()]));
  const errors = Object.fromEntries(REQUIRED.filter((name) => !body[name])
    .map((name) => [name, t("field.required")]));
  if (Object.keys(errors).length) return showErrors(form, "", errors);
  body.node_id = Number(body.node_id);
  const answer = await submitRequest(form,
    () => api("/api/surveys", { method: "POST", body }));
  if (!answer) return undefined;
  toast(t("survey.created"));
  return navigate(`surveys?id=${answer.survey.id}`);
}

async function formScreen(root, params) {
  showLoading(root);
  let tree;
  try {
    tree = buildTree(await fetchNodes());
  } catch (error) {
    return showFailure(root, error, () => formScreen(root, params),
      backLink("surveys", t("survey.title")));
  }
  draw(root, formTemplate(tree));
  const form = root.querySelector("form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitForm(form);
  });
  return undefined;
}

function bars(question) {
  return html`<ul class="survey-bars">${question.choices.map((choice) => html`
    <li data-choice="${choice.choice}" data-count="${choice.count}">
      <span class="survey-bar-label">${t(`survey.choice.${choice.choice}`)}</span>
      <span class="survey-bar" aria-hidden="true"><span class="survey-bar-fill"
        data-percent="${choice.percent}"></span></span>
      <span class="survey-bar-value">${t("survey.count_percent", {
        count: formatCount(choice.count), percent: choice.percent })}</span></li>`)}</ul>`;
}

function questionCard(question) {
  const rate = question.satisfaction;
  return html`<section class="card survey-question" data-question="${question.question}">
    <h3>${t(`survey.question.${question.question}`)}</h3>
    <p class="muted">${t("survey.answered", { count: formatCount(question.answered),
      skipped: formatCount(question.skipped) })} · <span data-satisfaction>${rate === null
      ? t("survey.satisfaction_none") : t("survey.satisfaction", { rate })}</span></p>
    ${bars(question)}</section>`;
}

function detailTemplate(survey, results) {
  const closable = hasRole(CREATORS) && ["open", "upcoming"].includes(survey.state);
  return html`${backLink("surveys", t("survey.title"))}
    <section class="card survey-head">
      <h2 class="form-title">${survey.title}</h2>
      <p class="chips">${stateChip(survey.state)}</p>
      <p class="muted">${survey.node_name} · ${period(survey)}</p>
      <p class="muted">${t("survey.by", { name: survey.creator_name || "" })}</p>
    </section>
    <section class="card survey-share">
      <h3>${t("survey.qr")}</h3>
      <img class="survey-qr" src="/api/surveys/${survey.id}/qr.svg" alt="${t("survey.qr")}"
        width="232" height="232">
      <p class="survey-link" data-link>${survey.link}</p>
      <p class="muted">${t("survey.qr_hint")}</p>
      <div class="button-row">
        <button type="button" class="btn btn-secondary" data-action="copy"
          >${icon("copy")}${t("survey.copy_link")}</button>
        <a class="btn btn-secondary" href="/api/surveys/${survey.id}/export.xlsx" download
          data-export>${icon("download")}${t("survey.export")}</a></div>
    </section>
    <h2 class="section-title">${t("survey.results")}</h2>
    <ul class="stats survey-totals">
      <li class="stat"><span class="stat-value" data-total="answers"
        >${formatCount(results.answers)}</span><span class="stat-label"
        >${t("survey.total.answers")}</span></li>
      <li class="stat"><span class="stat-value" data-total="complete"
        >${formatCount(results.complete)}</span><span class="stat-label"
        >${t("survey.total.complete")}</span></li>
      <li class="stat"><span class="stat-value" data-total="partial"
        >${formatCount(results.partial)}</span><span class="stat-label"
        >${t("survey.total.partial")}</span></li></ul>
    ${results.questions.map(questionCard)}
    ${closable ? html`<div class="card survey-close" data-close>
      <p class="form-error" role="alert" hidden></p>
      <button type="button" class="btn btn-danger btn-block" data-action="close"
        >${t("survey.close")}</button>
      <div class="button-row" data-confirm hidden>
        <p class="muted">${t("survey.close_confirm")}</p>
        <button type="button" class="btn btn-primary" data-action="close-really"
          >${t("survey.close_really")}</button>
        <button type="button" class="btn btn-secondary" data-action="close-cancel"
          >${t("survey.cancel")}</button></div></div>` : ""}`;
}

/** Give each bar its width: set through the style object, which the page's policy allows
 *  where a style attribute in markup would be refused. */
function sizeBars(root) {
  root.querySelectorAll(".survey-bar-fill").forEach((fill) => {
    fill.style.width = `${Math.min(100, Number(fill.dataset.percent) || 0)}%`;
  });
}

function bindClose(root, survey) {
  const box = root.querySelector("[data-close]");
  if (!box) return;
  const confirm = box.querySelector("[data-confirm]");
  const ask = box.querySelector("[data-action=close]");
  ask.addEventListener("click", () => { confirm.hidden = false; ask.hidden = true; });
  box.querySelector("[data-action=close-cancel]").addEventListener("click", () => {
    confirm.hidden = true;
    ask.hidden = false;
  });
  box.querySelector("[data-action=close-really]").addEventListener("click", async (event) => {
    event.target.disabled = true;
    try {
      await api(`/api/surveys/${survey.id}/close`, { method: "POST" });
    } catch (error) {
      event.target.disabled = false;
      const top = box.querySelector(".form-error");
      top.textContent = actionMessage(error, "id");
      top.hidden = false;
      return;
    }
    toast(t("survey.closed_toast"));
    detailScreen(root, { id: String(survey.id) });
  });
}

async function detailScreen(root, params) {
  showLoading(root);
  let answer;
  try {
    answer = await api(`/api/surveys/${encodeURIComponent(params.id)}`);
  } catch (error) {
    return showFailure(root, error, () => detailScreen(root, params),
      backLink("surveys", t("survey.title")));
  }
  draw(root, detailTemplate(answer.survey, answer.results));
  sizeBars(root);
  root.querySelector("[data-action=copy]").addEventListener("click",
    () => copyText(answer.survey.link));
  bindClose(root, answer.survey);
  return undefined;
}

/** Draw the surveys' list, the new-survey form or one survey, as the address asks. */
export async function render(root, params = {}) {
  useStylesheet("/js/widgets/surveys.css");
  if (params.id) return detailScreen(root, params);
  if (params.new && hasRole(CREATORS)) return formScreen(root, params);
  return listScreen(root);
}

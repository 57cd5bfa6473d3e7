// 承诺践诺 for a community's staff (online): the pledges of this year in my communities,
// those waiting for a decision first, and one pledge with its records of fulfilment (text,
// photos) — 确认践诺, or 退回 with a reason its member reads.
//   #/duty-pledges-admin?status=fulfilled|open|confirmed|all   the list (fulfilled by default)
//   #/duty-pledges-admin?id=<id>                              one pledge
import { backLink, requestMessage, showFailure, showLoading } from "../admin/common.js";
import { api, ApiError } from "../api.js";
import { formatDateTime } from "../format.js";
import { fieldErrors, showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import { fillThumbs } from "../thumbs.js";
import { lightboxTemplate, photoGrid, runLightbox } from "../widgets/diary-photos.js";
import { PLEDGE, stateChip } from "../widgets/duty-pledges.js";
import { pagedList } from "../widgets/paged-list.js";

const FILTERS = ["fulfilled", "open", "confirmed", "all"];
const PAGE = 20;

function stateOf(pledge) {
  return pledge.status === "open" && pledge.reason ? "returned" : pledge.status;
}

function row(item) {
  return html`<li><a class="list-row list-link" href="#/duty-pledges-admin?id=${item.id}"
      data-pledge="${item.id}"><span class="row-text">
    <strong>${item.member_name}</strong>
    <span class="chips">${stateChip(stateOf(item))}<span class="chip chip-muted">${t(
      "duty.pledge.record_count", { count: item.records })}</span></span>
    <span class="diary-body">${item.text}</span>
    <span class="muted">${item.node_name} · ${t("duty.pledge.due", { date: item.due_on })}
    </span></span>${icon("chevron")}</a></li>`;
}

async function drawList(root, status) {
  draw(root, html`<a class="btn btn-secondary" href="#/duty-teams">${t("duty.teams.title")}</a>
    <div class="segmented segmented-block" role="group">${FILTERS.map((f) => html`<button
      type="button" data-status="${f}" aria-pressed="${f === status}">${t(
      `duty.pledges_admin.filter.${f}`)}</button>`)}</div>
    <div class="user-list" data-list></div>`);
  root.querySelector(".segmented").addEventListener("click", (event) => {
    const button = event.target.closest("[data-status]");
    if (button) navigate(`duty-pledges-admin?status=${button.dataset.status}`);
  });
  const slot = root.querySelector("[data-list]");
  const load = (cursor) => {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (status !== "all") query.set("status", status);
    if (cursor) query.set("cursor", cursor);
    return api(`/api/duty/pledges?${query}`);
  };
  try {
    await pagedList(slot, { load, row, empty: t("duty.pledges_admin.none"),
      count: (total) => t("duty.pledges_admin.count", { count: total }) });
  } catch (error) {
    await showFailure(slot, error, () => drawList(root, status));
  }
}

function recordItem(record) {
  return html`<li class="card diary-card" data-pledge-record="${record.id}">
    <div class="diary-head"><time datetime="${record.created_at}">${formatDateTime(
      record.created_at)}</time></div>
    <p class="diary-full">${record.text}</p>${photoGrid(record.photos)}</li>`;
}

function decisionForm() {
  return html`<form class="card form" novalidate data-decision>
    <p class="form-error" role="alert" hidden></p>
    <button type="button" class="btn btn-primary btn-block" data-action="confirm">${t(
      "duty.pledges_admin.confirm")}</button>
    <label class="field"><span class="field-label">${t("duty.pledges_admin.reason")}</span>
      <textarea name="reason" rows="3" maxlength="${PLEDGE.reason_max}"></textarea>
      <span class="field-error" data-error-for="reason"></span></label>
    <button type="submit" class="btn btn-secondary btn-block">${t("duty.pledges_admin.return")}
    </button></form>`;
}

async function drawOne(root, id) {
  const back = backLink("duty-pledges-admin", t("duty.pledges_admin.title"));
  showLoading(root);
  let answer;
  try {
    answer = await api(`/api/duty/pledges/${encodeURIComponent(id)}`);
  } catch (error) {
    return showFailure(root, error, () => drawOne(root, id), back);
  }
  const { pledge, records } = answer;
  const state = stateOf(pledge);
  draw(root, html`${back}
    <article class="card diary-detail" data-pledge-id="${pledge.id}" data-state="${state}">
      <div class="diary-head"><strong>${pledge.member_name}</strong>${stateChip(state)}</div>
      <p class="diary-full">${pledge.text}</p>
      <p class="muted">${t("duty.pledge.due", { date: pledge.due_on })}</p>
      ${state === "returned" ? html`<p class="notice notice-warn">${t(
        "duty.pledge.returned_because", { reason: pledge.reason })}</p>` : ""}</article>
    <h2 class="section-title">${t("duty.pledge.records", { count: records.length })}</h2>
    ${records.length ? html`<ul class="diary-list">${records.map(recordItem)}</ul>`
      : html`<p class="card muted">${t("duty.pledge.no_records")}</p>`}
    ${pledge.status === "fulfilled" ? decisionForm() : ""}
    ${lightboxTemplate()}`);
  fillThumbs(root, currentUser().id);
  runLightbox(root, currentUser().id);
  const form = root.querySelector("[data-decision]");
  if (!form) return undefined;
  const decide = async (decision) => {
    const reason = form.elements.reason.value.trim();
    const buttons = [...form.querySelectorAll("button")];
    buttons.forEach((button) => { button.disabled = true; });
    try {
      await api(`/api/duty/pledges/${encodeURIComponent(id)}/decision`,
        { method: "POST", body: decision === "return" ? { decision, reason } : { decision } });
    } catch (error) {
      // Offline or refused: nothing typed is lost, the message says why.
      buttons.forEach((button) => { button.disabled = false; });
      showErrors(form, requestMessage(error), error instanceof ApiError ? fieldErrors(error) : {});
      return;
    }
    toast(t(`duty.pledges_admin.${decision}_done`));
    drawOne(root, id);
  };
  form.querySelector("[data-action=confirm]").addEventListener("click", () => decide("confirm"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    decide("return");
  });
  return undefined;
}

/** Draw the screen. */
export async function render(root, params = {}) {
  if (params.id) return drawOne(root, params.id);
  const status = FILTERS.includes(params.status) ? params.status : "fulfilled";
  return drawList(root, status);
}

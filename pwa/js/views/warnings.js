// 舆情预警 (online): the warnings the server's tick raised for the places of my scope — where,
// which category, how many appeals in the window against the window before, which threshold,
// the grids they came from — each linked to exactly the appeals behind it in the ledger;
// acknowledged with a note by the place's staff or its township's overseers.
//   #/warnings                      the open ones (until acknowledged)
//   #/warnings?status=acknowledged  those acknowledged, with who, when and the note
import { requestMessage, showFailure } from "../admin/common.js";
import { api, ApiError } from "../api.js";
import { formatDateTime } from "../format.js";
import { fieldErrors, showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { WARNINGS } from "../reports/situation.js";
import { navigate } from "../router.js";
import { hasRole } from "../session.js";
import { pagedList } from "../widgets/paged-list.js";
import { useStylesheet } from "../widgets/styles.js";

const PAGE = 20;

function reasonChips(item) {
  return item.reasons.map((reason) => html`<span class="chip chip-warn" data-reason="${reason}"
    >${t(`warning.reason.${reason}`, item.thresholds)}</span>`);
}

function grids(item) {
  const parts = item.breakdown.filter((part) => part.node_id !== item.node_id);
  if (!parts.length) return "";
  return html`<p class="muted warning-grids">${t("warning.grids", { grids: parts.map(
    (part) => t("warning.grid_count", { name: part.name, count: part.count }))
      .join(t("warning.separator")) })}
    </p>`;
}

function ackForm(item) {
  return html`<form class="ack-form" novalidate data-ack="${item.id}">
    <p class="form-error" role="alert" hidden></p>
    <label class="field"><span class="field-label">${t("warning.ack_note")}</span>
      <textarea name="note" rows="2" maxlength="${WARNINGS.note_max}"
        placeholder="${t("warning.ack_hint")}"></textarea>
      <span class="field-error" data-error-for="note"></span></label>
    <button type="submit" class="btn btn-primary btn-block">${t("warning.ack")}</button>
  </form>`;
}

function acknowledged(item) {
  return html`<p class="notice notice-ok">${t("warning.acknowledged_by", {
    by: item.acknowledged_by_name ?? "", when: formatDateTime(item.acknowledged_at) })}
    ${item.note ? html`<br>${t("situation.chain.note", { note: item.note })}` : ""}</p>`;
}

function row(item) {
  return html`<li class="card warning-card" data-warning="${item.id}"
      data-status="${item.status}">
    <div class="warning-head">${icon("alert")}<span class="warning-place">${item.place
      .filter(Boolean).join(" › ")}</span></div>
    <div class="warning-head"><span class="chip chip-kind">${t(
      `appeal.category.${item.category}`)}</span>${reasonChips(item)}</div>
    <p class="warning-count">${t("warning.count_before", { days: item.days })}<strong>${
      item.count}</strong>${t("warning.count_after", { previous: item.previous,
      days: item.days })}</p>
    ${grids(item)}
    <p class="muted">${t("warning.window", { from: item.from_day, to: item.to_day,
      when: formatDateTime(item.raised_at) })}</p>
    <a class="btn btn-secondary" href="${item.cases_link}" data-cases>${icon("cases")}${t(
      "warning.cases", { count: item.count })}</a>
    ${item.status === "open" && hasRole(WARNINGS.acknowledgers) ? ackForm(item) : ""}
    ${item.status === "acknowledged" ? acknowledged(item) : ""}
  </li>`;
}

async function acknowledge(form, redraw) {
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    await api(`/api/warnings/${encodeURIComponent(form.dataset.ack)}/acknowledge`,
      { method: "POST", body: { note: form.elements.note.value.trim() } });
  } catch (error) {
    // Offline or refused: the note stays, the message says why.
    button.disabled = false;
    showErrors(form, requestMessage(error), error instanceof ApiError ? fieldErrors(error) : {});
    return;
  }
  toast(t("warning.ack_done"));
  redraw();
}

async function drawList(root, status) {
  draw(root, html`
    <div class="segmented segmented-block" role="group">${WARNINGS.statuses.map((s) => html`
      <button type="button" data-filter="${s}" aria-pressed="${s === status}">${t(
        `warning.filter.${s}`)}</button>`)}</div>
    <p class="muted section-hint">${t("warning.hint")}</p>
    <div data-list></div>`);
  const slot = root.querySelector("[data-list]");
  const load = (cursor) => {
    const query = new URLSearchParams({ limit: String(PAGE), status });
    if (cursor) query.set("cursor", cursor);
    return api(`/api/warnings?${query}`);
  };
  try {
    await pagedList(slot, { load, row, className: "diary-list", empty: t(`warning.none.${status}`),
      count: (total) => t(`warning.count.${status}`, { count: total }) });
  } catch (error) {
    await showFailure(slot, error, () => drawList(root, status));
  }
}

/** Draw the screen. */
export async function render(root, params = {}) {
  useStylesheet("/js/reports/reports.css");
  const status = WARNINGS.statuses.includes(params.status) ? params.status : "open";
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-filter]");
    if (button) navigate(`warnings?status=${button.dataset.filter}`);
  });
  root.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-ack]");
    if (!form) return;
    event.preventDefault();
    acknowledge(form, () => drawList(root, status));
  });
  return drawList(root, status);
}

// 重大情况报告: the reports of my scope from the phone's own store (offline too: the server sends
// a reader the reports of their scope, a writer their own), those awaiting my level first, each
// with its way up the tree — the levels that acknowledged it (who, when, note), the one it
// awaits, those to come. When it awaits my node, I acknowledge it here with a note (online);
// the server sends the report on and every phone receives its new state with the next sync.
//   #/situations             the list
//   #/situations?id=<id>     the list with that report marked (a notice's link)
import { requestMessage } from "../admin/common.js";
import { api, ApiError } from "../api.js";
import { recordsOf } from "../db.js";
import { formatDateTime } from "../format.js";
import { fieldErrors, showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import {
  SITUATION, awaitedLevel, chainList, severityChip, stateChip,
} from "../reports/situation.js";
import { onSync } from "../screen.js";
import { currentUser, hasRole } from "../session.js";
import { syncNow } from "../sync.js";
import { fillThumbs } from "../thumbs.js";
import { lightboxTemplate, photoGrid, runLightbox } from "../widgets/diary-photos.js";
import { useStylesheet } from "../widgets/styles.js";

/** Whether the report waits for my node and I may acknowledge it. */
function awaitsMe(report, user) {
  return report.status === "awaiting" && report.awaiting_node_id === user.node?.id
    && hasRole(SITUATION.acknowledgers);
}

function syncChip(status) {
  if (!status || status === "synced") return "";
  return html`<a class="status-link" href="#/sync"><span class="status status-${status}"
    >${t(`diary.status.${status}`)}</span></a>`;
}

function ackForm(report) {
  return html`<form class="ack-form" novalidate data-ack="${report.id}">
    <p class="form-error" role="alert" hidden></p>
    <label class="field"><span class="field-label">${t("situation.ack_note")}</span>
      <textarea name="note" rows="2" maxlength="${SITUATION.note_max}"
        placeholder="${t("situation.ack_hint")}"></textarea>
      <span class="field-error" data-error-for="note"></span></label>
    <button type="submit" class="btn btn-primary btn-block">${t("situation.ack")}</button>
  </form>`;
}

function card(record, user, marked) {
  const report = record.data;
  const mine = report.created_by === user.id;
  const editable = mine && !(report.chain ?? []).some((l) => l.state === "acknowledged");
  return html`<li class="card situation-card" data-situation="${report.id}"
      data-highlight="${String(report.id === marked)}">
    <div class="situation-head">${severityChip(report.severity)}${stateChip(report)}${syncChip(
      record.status)}</div>
    <p class="situation-title">${report.title}</p>
    <p class="muted">${[report.node_name, report.writer_name, formatDateTime(report.occurred_at),
      t(`appeal.category.${report.category}`)].filter(Boolean).join(" · ")}</p>
    <p class="situation-body">${report.body}</p>
    ${photoGrid(report.photos ?? [])}
    ${chainList(report)}
    ${awaitsMe(report, user) && record.status === "synced" ? ackForm(report) : ""}
    ${editable ? html`<a class="btn btn-secondary" href="#/situation-new?id=${report.id}"
      >${icon("edit")}${t("situation.edit")}</a>` : ""}
  </li>`;
}

function newest(a, b) {
  const when = (r) => r.data.created_at ?? new Date(r.saved_at ?? 0).toISOString();
  return when(b).localeCompare(when(a));
}

function template(records, user, marked) {
  const live = records.filter((r) => !r.data.deleted).sort(newest);
  const waiting = live.filter((r) => awaitsMe(r.data, user));
  const others = live.filter((r) => !awaitsMe(r.data, user));
  return html`
    ${hasRole(SITUATION.writers) ? html`<a class="btn btn-primary btn-block"
      href="#/situation-new">${icon("plus")}${t("situation.new")}</a>` : ""}
    ${waiting.length ? html`<h2 class="section-title">${t("situation.awaiting_me",
      { count: waiting.length })}</h2>
      <ul class="diary-list">${waiting.map((r) => card(r, user, marked))}</ul>` : ""}
    <h2 class="section-title">${t("situation.all", { count: others.length })}</h2>
    ${others.length ? html`<ul class="diary-list">${others.map((r) => card(r, user, marked))}
      </ul>` : html`<p class="card muted empty">${t("situation.none")}</p>`}
    ${lightboxTemplate()}`;
}

async function acknowledge(form, paint) {
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    await api(`/api/situations/${encodeURIComponent(form.dataset.ack)}/acknowledge`,
      { method: "POST", body: { note: form.elements.note.value.trim() } });
  } catch (error) {
    // Offline or refused: the note stays, the message says why.
    button.disabled = false;
    showErrors(form, requestMessage(error), error instanceof ApiError ? fieldErrors(error) : {});
    return;
  }
  toast(t("situation.ack_done"));
  form.elements.note.value = "";
  await syncNow();
  paint();
}

/** Draw the screen; drawn again when sync brings reports. */
export async function render(root, params = {}, signal) {
  useStylesheet("/js/reports/reports.css");
  const user = currentUser();
  let first = true;
  const paint = async () => {
    const records = await recordsOf(user.id, "situation_report");
    if (signal?.aborted) return;
    // Never under the user's fingers: a note being typed is not redrawn away.
    if ([...root.querySelectorAll("[data-ack] textarea")].some((area) => area.value)) return;
    draw(root, template(records, user, params.id));
    fillThumbs(root, user.id);
    if (first && params.id) {
      root.querySelector(`[data-situation="${CSS.escape(params.id)}"]`)
        ?.scrollIntoView({ block: "center" });
    }
    first = false;
  };
  root.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-ack]");
    if (!form) return;
    event.preventDefault();
    acknowledge(form, paint);
  });
  await paint();
  runLightbox(root, user.id);
  onSync(signal, paint);
}

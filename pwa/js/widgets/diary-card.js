// A diary as a card of the list: kind, when, household or topic, what was heard and done,
// thumbnails (from the phone's own copy when there is one). The whole card opens the diary.
import { formatDateTime } from "../format.js";
import { html } from "../html.js";
import { t } from "../i18n.js";

const THUMBS_SHOWN = 4;
const STATUS_LINKS = { rejected: "#/sync", conflict: "#/sync" };

/** The moment a diary record is about (for sorting, newest first). */
export function moment(record) {
  return Date.parse(record.data.occurred_at) || record.saved_at || 0;
}

/** A chip for a record not (yet) as the server has it: 待同步, 被退回, 有冲突. */
export function statusChip(status) {
  if (!status || status === "synced") return "";
  const chip = html`<span class="status status-${status}">${t(`diary.status.${status}`)}</span>`;
  return STATUS_LINKS[status] ? html`<a class="status-link" href="${STATUS_LINKS[status]}">
    ${chip}</a>` : chip;
}

/** The kind of a diary, with the form of a group activity (群众活动 · 坝坝会). */
export function kindChips(data) {
  return html`<span class="chip">${t(`diary.kind.${data.kind}`)}</span>${data.activity_type
    ? html`<span class="chip chip-kind">${t(`diary.activity.${data.activity_type}`)}</span>` : ""}`;
}

function thumbs(photos = []) {
  if (!photos?.length) return "";
  const more = photos.length - THUMBS_SHOWN;
  return html`<ul class="thumbs">
    ${photos.slice(0, THUMBS_SHOWN).map((sha) => html`<li><img data-sha="${sha}" alt=""
      width="64" height="64" decoding="async"></li>`)}
    ${more > 0 ? html`<li class="thumbs-more">+${more}</li>` : ""}</ul>`;
}

function title(data, household) {
  const parts = [household?.head_name, data.topic].filter(Boolean);
  return parts.length ? parts.join(" · ") : t(`diary.kind.${data.kind}`);
}

/** One card; book names households and authors (diary-names.js). */
export function diaryCard({ data, status }, { book, showAuthor }) {
  const household = book.household(data.household_id);
  const where = [data.place, data.people_met].filter(Boolean).join(" · ");
  const extra = [data.attendance || data.attendance === 0
    ? t("diary.list.attendance", { count: data.attendance }) : "",
  data.follow_up_date ? t("diary.list.follow_up", { date: data.follow_up_date }) : "",
  showAuthor ? t("diary.list.author", { name: book.authorLabel(data.created_by) }) : ""]
    .filter(Boolean);
  return html`<li class="card diary-card" data-id="${data.id}" data-status="${status}">
    <div class="diary-head">${kindChips(data)}
      <time datetime="${data.occurred_at}">${formatDateTime(data.occurred_at)}</time>
      ${statusChip(status)}</div>
    <a class="diary-open" href="#/diary-view?id=${data.id}">${title(data, household)}</a>
    ${where ? html`<p class="diary-where">${where}</p>` : ""}
    ${["heard", "done"].filter((name) => data[name]).map((name) => html`<p class="diary-text">
      <span class="diary-label">${t(`diary.field.${name}`)}</span>
      <span class="diary-body">${data[name]}</span></p>`)}
    ${thumbs(data.photos)}
    ${extra.length ? html`<p class="muted diary-extra">${extra.join(" · ")}</p>` : ""}
  </li>`;
}

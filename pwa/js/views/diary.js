// 民情日记: the user's diaries from the phone's own store (works offline), newest first.
import { draftGet, recordsOf } from "../db.js";
import { formatDateTime } from "../format.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { currentUser } from "../session.js";
import { fillThumbs } from "../thumbs.js";

const THUMBS_SHOWN = 4;
const STATUS_LINKS = { rejected: "#/sync", conflict: "#/sync" };

function moment(record) {
  return Date.parse(record.data.occurred_at) || record.saved_at || 0;
}

function statusChip(status) {
  if (!status || status === "synced") return "";
  const chip = html`<span class="status status-${status}">${t(`diary.status.${status}`)}</span>`;
  return STATUS_LINKS[status] ? html`<a href="${STATUS_LINKS[status]}">${chip}</a>` : chip;
}

function thumbs(photos = []) {
  if (!photos.length) return "";
  const more = photos.length - THUMBS_SHOWN;
  return html`<ul class="thumbs">
    ${photos.slice(0, THUMBS_SHOWN).map((sha) => html`<li><img data-sha="${sha}" alt=""
      width="64" height="64" decoding="async"></li>`)}
    ${more > 0 ? html`<li class="thumbs-more">+${more}</li>` : ""}</ul>`;
}

function card({ data, status }) {
  const where = [data.place, data.people_met].filter(Boolean).join(" · ");
  return html`<li class="card diary-card" data-id="${data.id}" data-status="${status}">
    <div class="diary-head">
      <span class="chip">${t(`diary.kind.${data.kind}`)}</span>
      <time datetime="${data.occurred_at}">${formatDateTime(data.occurred_at)}</time>
      ${statusChip(status)}
    </div>
    ${where ? html`<p class="diary-where">${where}</p>` : ""}
    ${["heard", "done"].filter((name) => data[name]).map((name) => html`<p class="diary-text">
      <span class="diary-label">${t(`diary.field.${name}`)}</span>
      <span class="diary-body">${data[name]}</span></p>`)}
    ${thumbs(data.photos)}
    ${data.follow_up_date ? html`<p class="muted">
      ${t("diary.list.follow_up", { date: data.follow_up_date })}</p>` : ""}
  </li>`;
}

function template(records, hasDraft) {
  return html`
    <a class="btn btn-primary btn-block" href="#/diary-new">
      ${icon("plus")}${t("diary.list.new")}</a>
    ${hasDraft ? html`<a class="card notice notice-warn draft-link" href="#/diary-new">
      ${t("diary.list.draft")}</a>` : ""}
    ${records.length ? html`<ul class="diary-list">${records.map(card)}</ul>`
    : html`<div class="card empty">${icon("diary")}<p>${t("diary.list.empty")}</p></div>`}`;
}

/** Draw the diary list; drawn again when sync brings changes while it is shown. */
export async function render(root) {
  const uid = currentUser().id;
  const paint = async () => {
    const records = (await recordsOf(uid, "diary"))
      .filter((record) => record.data?.created_by === uid)
      .sort((a, b) => moment(b) - moment(a));
    const draft = await draftGet(uid, "diary:new");
    draw(root, template(records, Boolean(draft)));
    await fillThumbs(root, uid);
  };
  const repaint = () => {
    if (root.isConnected) paint();
    else window.removeEventListener("qz:data", repaint);
  };
  window.addEventListener("qz:data", repaint);
  await paint();
}

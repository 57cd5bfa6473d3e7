// A case's timeline: every event in order, who wrote it (the server's name for it online,
// the names remembered offline, 我 for mine), when, from which phone, and what it said. An
// event the server kept but did not apply (superseded: overtaken by others) is struck through
// with why; my unsent ones say 待同步, refused ones 未被接收 with the server's reason.
import { formatDateTime } from "../format.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { photoGrid } from "./diary-photos.js";

/** Events in order: the server's by n, then the phone's own not yet numbered, as written. */
export function ordered(events) {
  const far = Number.MAX_SAFE_INTEGER;
  return [...events].sort((a, b) => (a.n ?? far) - (b.n ?? far)
    || (a._saved ?? 0) - (b._saved ?? 0) || (a.at || "").localeCompare(b.at || ""));
}

/** A user's name as this phone knows it; mine with （我）. */
export function personName(id, { uid, names }, given = "") {
  if (id === null || id === undefined) return t("syncui.history.system");
  const name = given || names[id] || "";
  if (id === uid) return name ? t("case.me_named", { name }) : t("case.me");
  return name || t("case.someone");
}

function author(event, context) {
  const name = personName(event.created_by ?? null, context, event.by_name);
  if (event._status && event._status !== "synced") {
    return t("syncui.history.this_phone", { name });
  }
  if (!event.device_id) return name;
  return event.device_id === context.device ? t("syncui.history.this_phone", { name })
    : t("syncui.history.phone", { name, device: String(event.device_id).slice(-4) });
}

function line(name, value) {
  if (value === null || value === undefined || value === "") return "";
  return html`<p class="event-line"><span class="muted">${t(`case.field.${name}`)}</span>
    <span>${value}</span></p>`;
}

function text(value) {
  return value ? html`<p class="event-text">${value}</p>` : "";
}

function choice(prefix, value) {
  return value ? t(`${prefix}${value}`) : "";
}

/** What an event says, by kind. */
function details(event, context) {
  const data = event.data ?? {};
  const someone = (id) => personName(id, context);
  switch (event.kind) {
    case "receive":
      return html`${line("channel", choice("case.channel.", data.channel))}
        ${line("category", choice("appeal.category.", data.category))}
        ${line("urgency", choice("case.urgency.", data.urgency || "normal"))}
        ${line("person_name", [data.person_name, data.person_phone].filter(Boolean).join(" "))}
        ${data.backlog ? line("backlog", t("case.backlog")) : ""}
        ${text(data.text)}${photoGrid(data.photos)}`;
    case "assign":
      return html`${line("to_user_id", someone(data.to_user_id))}${text(data.note)}`;
    case "transfer":
      return html`${line("to_user_id", someone(data.to_user_id))}${text(data.reason)}`;
    case "mediate":
      return html`${line("mediation", choice("case.mediation.", data.mediation))}
        ${line("outcome", choice("case.outcome.", data.outcome))}
        ${line("mediator", data.mediator)}${line("parties", data.parties)}${text(data.note)}`;
    case "note":
      return html`${text(data.text)}${photoGrid(data.photos)}`;
    case "reply":
      return html`${line("by", choice("case.how.", data.by))}${text(data.text)}`;
    case "close":
      return html`${line("result", choice("case.result.", data.result))}${text(data.done)}`;
    case "rate":
      return html`${line("satisfaction", choice("case.satisfaction.", data.satisfaction))}
        ${line("asked_by", choice("case.how.", data.asked_by))}${text(data.comment)}`;
    case "backlog":
      return html`<p>${t(data.on ? "case.backlog_on" : "case.backlog_off")}</p>
        ${text(data.reason)}`;
    case "escalate":
      return html`<p>${t("case.escalated", { level: data.level })}</p>`;
    default: // accept, take: a note; return, reopen: a reason; correct: its text
      return text(data.note ?? data.reason ?? data.text);
  }
}

function state(event) {
  if (event.superseded) return "superseded";
  return event._status && event._status !== "synced" ? event._status : "done";
}

function eventItem(event, context) {
  const status = state(event);
  return html`<li class="event" data-id="${event.id}" data-kind="${event.kind}"
      data-state="${status}">
    <div class="event-head"><strong class="event-kind">${t(`case.event.${event.kind}`)}</strong>
      ${status === "pending" ? html`<span class="status status-pending">${t("case.waiting")}
        </span>` : ""}
      ${status === "rejected" ? html`<span class="status status-rejected">${t("case.refused")}
        </span>` : ""}</div>
    <p class="muted event-who">${author(event, context)} · ${event.at
      ? formatDateTime(event.at) : ""}</p>
    <div class="event-body">${details(event, context)}</div>
    ${status === "superseded" ? html`<p class="event-void">${t("case.superseded", {
      reason: t(event.superseded) })}</p>` : ""}
    ${status === "rejected" && event._reason ? html`<p class="event-void">${t("case.refused_why",
      { reason: event._reason })}</p>` : ""}</li>`;
}

/** The timeline; context: {uid, names, device}. */
export function timelineTemplate(events, context) {
  return html`<h2 class="section-title">${t("case.timeline", { count: events.length })}</h2>
    <ol class="card timeline">${ordered(events).map((event) => eventItem(event, context))}</ol>`;
}

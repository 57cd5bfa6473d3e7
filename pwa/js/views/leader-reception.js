// 接访 (F9, seed §4): a leader schedules a public reception (定期接访) or a visit with cases
// (带案下访) — its kind, when, where (in words, and one of their contact points), the topic,
// and whether the public boards announce it — then, on the same form, says it was held (how
// many came, what was done, photos) or cancels it (why). Once held or cancelled it stays so.
// The server's rules are checked here first, with its words: held not before it starts and
// with the visitors, cancelled with the reason. Saved on the phone through the outbox, with no
// signal. From one not cancelled, 登记来访诉求 opens the case intake for it (#/case-new).
//   #/leader-reception                 schedule one
//   #/leader-reception?id=<id>         one of mine: change it, mark it held or cancel it
//   #/leader-reception?fix=<mid>       correct one the server refused
import { beijingNow, beijingToday } from "../households/rules.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { field, formHead, formMode, placeNodeField, runForm, textOrNull, textProblem } from
  "../leaders/form.js";
import { leaderStyles } from "../leaders/parts.js";
import { startsAtIso, startsAtValue } from "../leaders/receptions.js";
import { LEADERS, LIMITS } from "../leaders/rules.js";
import { leaderYear } from "../leaders/year.js";
import { photoField } from "../photo-field.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import { choiceChips } from "../widgets/diary-inputs.js";

const ENTITY = "reception";
const INPUTS = ["kind", "starts_at", "place", "place_node_id", "topic", "public", "status",
  "visitors", "summary", "cancel_reason"];
const SHOWN = new Set([...INPUTS, "photos"]);
const KINDS = LEADERS.reception_kinds;
const STATUSES = LEADERS.reception_statuses;
const DAY_MS = 24 * 3600 * 1000;
// When a new one starts unless changed: the next day at nine.
const DEFAULT_HOUR = "09:00";

function start(today) {
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + DAY_MS).toISOString()
    .slice(0, 10);
  return (data) => ({ kind: data.kind ?? KINDS[0],
    starts_at: data.starts_at ? startsAtValue(data.starts_at) : `${tomorrow}T${DEFAULT_HOUR}`,
    place: data.place ?? "", place_node_id: data.place_node_id ? String(data.place_node_id) : "",
    topic: data.topic ?? "", public: Boolean(data.public), status: data.status ?? STATUSES[0],
    visitors: data.visitors === null || data.visitors === undefined ? "" : String(data.visitors),
    summary: data.summary ?? "", cancel_reason: data.cancel_reason ?? "",
    photos: [...(data.photos ?? [])] });
}

/** The states the form offers: none for a new one (it is planned); only its own for one
 *  held or cancelled (final); all three for one planned or being corrected. */
function choicesOf(mode) {
  if (!mode.id) return [];
  const saved = mode.fix ? null : mode.record?.data.status;
  return saved && saved !== "planned" ? [saved] : STATUSES;
}

function fieldOf(name, control, options = {}) {
  return field(name, control, { ...options, entity: ENTITY });
}

function outcome(values, choices) {
  if (!choices.length) return "";
  const final = choices.length === 1;
  return html`<fieldset class="field leader-outcome" data-outcome><legend class="field-label">${
    t("leader.reception.field.status")}</legend>
    ${choiceChips("status", choices, values.status, (s) => t(`leader.reception.choice.${s}`))}
    <span class="field-error" data-error-for="status"></span>
    ${final ? html`<p class="muted" data-final>${t("leaders.reception.status_final")}</p>` : ""}
    <div class="leader-outcome" data-held ${values.status === "held" ? "" : "hidden"}>
      ${fieldOf("visitors", html`<input type="number" name="visitors" inputmode="numeric" min="0"
        max="${LIMITS.visitors_max}" step="1" value="${values.visitors}">`, { required: true })}
      ${fieldOf("summary", html`<textarea name="summary" rows="4" maxlength="${LIMITS.text_max}"
        placeholder="${t("leader.reception.summary_hint")}">${values.summary}</textarea>`)}
      <div class="field" data-photos></div></div>
    <div class="leader-outcome" data-cancelled ${values.status === "cancelled" ? "" : "hidden"}>
      ${fieldOf("cancel_reason", html`<textarea name="cancel_reason" rows="2"
        maxlength="${LIMITS.text_max}">${values.cancel_reason}</textarea>`, { required: true })}
    </div></fieldset>`;
}

/** 登记来访诉求, for one the server or this phone holds as planned or held. */
function takeCase(mode, item) {
  const status = mode.record?.data.status;
  if (mode.fix || !mode.id || !["planned", "held"].includes(status)) return "";
  return html`<section class="card leader-take" data-take-case>
    ${item?.cases ? html`<p class="muted" data-cases="${item.cases}">${t(
      "leader.reception.cases_line", { count: item.cases, taken: item.cases_taken,
        closed: item.cases_closed })}</p>` : ""}
    <a class="btn btn-secondary btn-block" href="#/case-new?reception=${mode.id}"
      data-new-case>${icon("cases")}${t("leader.reception.take_case")}</a></section>`;
}

function template(values, { mode, restored, contacts, item }) {
  return html`<form class="card form leader-form" novalidate data-leader-reception>
    ${formHead(mode, { title: t(mode.id && !mode.fix ? "leader.reception.edit"
      : "leader.reception.title"), shown: SHOWN, restored })}
    <fieldset class="field kind-picker"><legend class="field-label">${t(
      "leader.reception.field.kind")}</legend>${choiceChips("kind", KINDS, values.kind,
      (kind) => t(`leaders.reception.kind.${kind}`))}
      <span class="field-error" data-error-for="kind"></span></fieldset>
    ${fieldOf("starts_at", html`<input type="datetime-local" name="starts_at"
      value="${values.starts_at}">`, { required: true })}
    ${fieldOf("place", html`<input name="place" value="${values.place}"
      maxlength="${LIMITS.place_max}" placeholder="${t("leader.day.place_hint")}">`,
      { required: true })}
    ${placeNodeField(contacts, values.place_node_id,
      { hint: t("leader.reception.place_node_hint") })}
    ${fieldOf("topic", html`<input name="topic" value="${values.topic}"
      maxlength="${LIMITS.title_max}" placeholder="${t("leader.visit.topic_hint")}">`)}
    <label class="check"><input type="checkbox" name="public" ${values.public ? "checked"
      : ""}><span>${t("leader.reception.public")}</span></label>
    ${outcome(values, choicesOf(mode))}
    <p class="muted">${t("diary.form.offline_hint")}</p>
    <button class="btn btn-primary btn-block" type="submit">${t("diary.form.save")}</button>
  </form>${takeCase(mode, item)}`;
}

/** The status changed: what a held or a cancelled one needs shows at once. */
function showOutcome(form, values) {
  form.querySelector("[data-held]").hidden = values.status !== "held";
  form.querySelector("[data-cancelled]").hidden = values.status !== "cancelled";
}

function visitorsProblem(value) {
  const text = String(value ?? "").trim();
  if (!text) return t("field.required");
  if (!/^\d+$/.test(text)) return t("field.not_integer");
  return Number(text) > LIMITS.visitors_max ? t("field.too_big", { max: LIMITS.visitors_max })
    : "";
}

function problems(values) {
  const found = {};
  if (!KINDS.includes(values.kind)) found.kind = t("field.required");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(values.starts_at || "")) {
    found.starts_at = t("field.required");
  }
  const texts = [["place", LIMITS.place_max, true], ["topic", LIMITS.title_max, false]];
  if (values.status === "held") texts.push(["summary", LIMITS.text_max, false]);
  if (values.status === "cancelled") texts.push(["cancel_reason", LIMITS.text_max, true]);
  for (const [name, max, required] of texts) {
    const problem = textProblem(values[name], max, required);
    if (problem) found[name] = problem;
  }
  if (values.public && !values.place_node_id) {
    found.place_node_id = t("leaders.reception.public_needs_place");
  }
  if (values.status === "held") {
    if (!found.starts_at && startsAtValue(values.starts_at) > beijingNow().slice(0, 16)) {
      found.status = t("leaders.reception.held_in_future");
    }
    const visitors = visitorsProblem(values.visitors);
    if (visitors) found.visitors = visitors;
  }
  return found;
}

function toData(values) {
  const held = values.status === "held";
  return { kind: values.kind, starts_at: startsAtIso(values.starts_at),
    place: values.place.trim(), topic: textOrNull(values.topic),
    place_node_id: values.place_node_id ? Number(values.place_node_id) : null,
    public: Boolean(values.public), status: values.status,
    visitors: held ? Number(values.visitors) : null,
    summary: held ? textOrNull(values.summary) : null,
    cancel_reason: values.status === "cancelled" ? textOrNull(values.cancel_reason) : null,
    photos: held ? [...values.photos] : [] };
}

/** Draw the form. */
export async function render(root, params = {}) {
  leaderStyles();
  const user = currentUser();
  const today = beijingToday();
  const mode = await formMode(user.id, params, ENTITY, start(today));
  if (mode.leave) return navigate(mode.leave);
  const year = await leaderYear(user, Number(today.slice(0, 4)), { refresh: false });
  const item = year.receptions.list.find((r) => r.id === mode.id);
  return runForm(root, {
    uid: user.id, mode, entity: ENTITY, inputs: INPUTS,
    template: (values, restored) => template(values, { mode, restored, item,
      contacts: year.contacts }),
    widgets: (form, values, saveDraft) => {
      const slot = form.querySelector("[data-photos]");
      if (slot) {
        photoField(slot, { uid: user.id, name: "photos", shas: values.photos,
          max: LIMITS.photos_max, onChange: saveDraft });
      }
    },
    changed: (form, values, name) => {
      if (name === "status") showOutcome(form, values);
    },
    problems,
    toData,
  });
}

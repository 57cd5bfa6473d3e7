// 调研: a leader records a research visit (蹲点/专题/随机调研) — its days, places, topic, who came
// along counted by where from, findings and photos — saved on the phone through the outbox.
// The seed's rule on the entourage of the leader's level is applied as it is typed
// (leaders/rules.js overLimit, the served rule): over it, a warning names the origins over and
// the visit needs the reason (超出原因), as the server asks.
//   #/leader-visit                a new visit
//   #/leader-visit?id=<id>        change one of my visits
//   #/leader-visit?fix=<mid>      correct a visit the server refused
import { beijingToday } from "../households/rules.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { field, formHead, formMode, placeNodeField, runForm, textOrNull, textProblem } from
  "../leaders/form.js";
import { LEADERS, LIMITS, levelOf, overLimit, visitLength } from "../leaders/rules.js";
import { leaderStyles } from "../leaders/parts.js";
import { leaderYear } from "../leaders/year.js";
import { photoField } from "../photo-field.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import { choiceChips } from "../widgets/diary-inputs.js";

const ENTITY = "research_visit";
const HEADS = LEADERS.entourage.map((origin) => `entourage_${origin}`);
const INPUTS = ["kind", "starts_on", "ends_on", "places", "place_node_id", "topic", ...HEADS,
  "over_reason", "findings"];
const SHOWN = new Set([...INPUTS, "photos"]);

function start(today) {
  return (data) => ({ kind: data.kind ?? LEADERS.visit_kinds[0], starts_on: data.starts_on ?? today,
    ends_on: data.ends_on ?? "", places: data.places ?? "",
    place_node_id: data.place_node_id ? String(data.place_node_id) : "", topic: data.topic ?? "",
    ...Object.fromEntries(HEADS.map((name) => [name, String(data[name] ?? 0)])),
    over_reason: data.over_reason ?? "", findings: data.findings ?? "",
    photos: [...(data.photos ?? [])] });
}

function entourageOf(values) {
  return Object.fromEntries(LEADERS.entourage.map((origin) => [origin,
    values[`entourage_${origin}`]]));
}

function originNames(origins) {
  return origins.map((origin) => t(`leaders.entourage.${origin}`))
    .join(t("leader.origins_separator"));
}

/** The rule for the leader's level in words ("" when the level has none). */
function limitHint(level) {
  const rule = LEADERS.entourage_limits[level];
  if (!rule) return "";
  return t("leader.visit.limit_hint", { rule: LEADERS.entourage.filter((o) => o in rule)
    .map((o) => t("leader.visit.limit_item", { origin: t(`leaders.entourage.${o}`),
      max: rule[o] })).join(t("leader.origins_separator")) });
}

function headInput(origin, values) {
  const name = `entourage_${origin}`;
  return html`<label class="field leader-head"><span class="field-label">${t(
    `leaders.entourage.${origin}`)}</span>
    <input type="number" name="${name}" inputmode="numeric" min="0"
      max="${LEADERS.entourage_max}" step="1" value="${values[name]}">
    <span class="field-error" data-error-for="${name}"></span></label>`;
}

function overWarning(over) {
  return over.length ? t("leaders.over_needs_reason", { origins: originNames(over) }) : "";
}

function template(values, { mode, restored, today, contacts, level }) {
  const over = overLimit(level, entourageOf(values));
  return html`<form class="card form leader-form" novalidate data-leader-visit>
    ${formHead(mode, { title: t(mode.id && !mode.fix ? "leader.visit.edit"
      : "leader.visit.title"), shown: SHOWN, restored })}
    <fieldset class="field kind-picker"><legend class="field-label">${t("leader.field.kind")}
      </legend>${choiceChips("kind", LEADERS.visit_kinds, values.kind,
        (kind) => t(`leader.visit.kind.${kind}`))}
      <span class="field-error" data-error-for="kind"></span></fieldset>
    <div class="leader-pair">
      ${field("starts_on", html`<input type="date" name="starts_on" value="${values.starts_on}"
        max="${today}">`, { required: true })}
      ${field("ends_on", html`<input type="date" name="ends_on" value="${values.ends_on}">`)}
    </div>
    ${field("topic", html`<input name="topic" value="${values.topic}"
      maxlength="${LIMITS.title_max}" placeholder="${t("leader.visit.topic_hint")}">`,
      { required: true })}
    ${field("places", html`<input name="places" value="${values.places}"
      maxlength="${LIMITS.place_max}" placeholder="${t("leader.visit.places_hint")}">`,
      { required: true })}
    ${placeNodeField(contacts, values.place_node_id)}
    <fieldset class="field leader-entourage"><legend class="field-label">${t(
      "leader.visit.entourage")}</legend>
      <div class="leader-heads">${LEADERS.entourage.map((o) => headInput(o, values))}</div>
      ${limitHint(level) ? html`<p class="muted">${limitHint(level)}</p>` : ""}
      <p class="notice notice-warn" role="alert" data-over-warning
        data-over="${over.join(",")}" ${over.length ? "" : "hidden"}>${overWarning(over)}</p>
    </fieldset>
    <div data-over-reason ${over.length || values.over_reason ? "" : "hidden"}>
      ${field("over_reason", html`<textarea name="over_reason" rows="2"
        maxlength="${LIMITS.text_max}">${values.over_reason}</textarea>`,
        { required: true })}</div>
    ${field("findings", html`<textarea name="findings" rows="4" maxlength="${LIMITS.text_max}"
      placeholder="${t("leader.visit.findings_hint")}">${values.findings}</textarea>`)}
    <div class="field" data-photos></div>
    <p class="muted">${t("diary.form.offline_hint")}</p>
    <button class="btn btn-primary btn-block" type="submit">${t("diary.form.save")}</button>
  </form>`;
}

/** The entourage changed: the warning and the reason's field follow the rule at once. */
function showOver(form, values, level) {
  const over = overLimit(level, entourageOf(values));
  const warning = form.querySelector("[data-over-warning]");
  warning.hidden = !over.length;
  warning.dataset.over = over.join(",");
  warning.textContent = overWarning(over);
  form.querySelector("[data-over-reason]").hidden = !over.length && !values.over_reason;
}

function headProblem(value) {
  const text = String(value ?? "").trim();
  if (!text) return "";
  if (!/^-?\d+$/.test(text)) return t("field.not_integer");
  if (Number(text) < 0) return t("field.too_small", { min: 0 });
  return Number(text) > LEADERS.entourage_max ? t("field.too_big", { max: LEADERS.entourage_max })
    : "";
}

function dayProblems(values, today, found) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.starts_on || "")) found.starts_on = t("field.required");
  else if (values.starts_on > today) found.starts_on = t("leaders.future_date");
  else if (values.ends_on && values.ends_on < values.starts_on) {
    found.ends_on = t("leaders.visit_ends_before");
  } else if (values.ends_on && visitLength(values.starts_on, values.ends_on)
    > LEADERS.visit_max_days) {
    found.ends_on = t("leaders.visit_too_long", { days: LEADERS.visit_max_days });
  }
}

function problems(values, today, level) {
  const found = {};
  if (!LEADERS.visit_kinds.includes(values.kind)) found.kind = t("field.required");
  dayProblems(values, today, found);
  const texts = [["topic", LIMITS.title_max, true], ["places", LIMITS.place_max, true],
    ["over_reason", LIMITS.text_max, false], ["findings", LIMITS.text_max, false]];
  for (const [name, max, required] of texts) {
    const problem = textProblem(values[name], max, required);
    if (problem) found[name] = problem;
  }
  for (const name of HEADS) {
    const problem = headProblem(values[name]);
    if (problem) found[name] = problem;
  }
  const over = overLimit(level, entourageOf(values));
  if (over.length && !String(values.over_reason).trim()) {
    found.over_reason = overWarning(over);
  }
  return found;
}

function toData(values, level) {
  const over = overLimit(level, entourageOf(values)).length > 0;
  return { kind: values.kind, starts_on: values.starts_on, ends_on: values.ends_on || null,
    places: values.places.trim(), topic: values.topic.trim(),
    place_node_id: values.place_node_id ? Number(values.place_node_id) : null,
    ...Object.fromEntries(HEADS.map((name) => [name, Number(values[name] || 0)])),
    over_reason: over ? textOrNull(values.over_reason) : null,
    findings: textOrNull(values.findings), photos: [...values.photos] };
}

/** Draw the form. */
export async function render(root, params = {}) {
  leaderStyles();
  const user = currentUser();
  const today = beijingToday();
  const level = levelOf(user);
  const mode = await formMode(user.id, params, ENTITY, start(today));
  if (mode.leave) return navigate(mode.leave);
  const year = await leaderYear(user, Number(today.slice(0, 4)), { refresh: false });
  return runForm(root, {
    uid: user.id, mode, entity: ENTITY, inputs: INPUTS,
    template: (values, restored) => template(values, { mode, restored, today, level,
      contacts: year.contacts }),
    widgets: (form, values, saveDraft) => photoField(form.querySelector("[data-photos]"),
      { uid: user.id, name: "photos", shas: values.photos, max: LIMITS.photos_max,
        onChange: saveDraft }),
    changed: (form, values, name) => {
      if (HEADS.includes(name) || name === "over_reason") showOver(form, values, level);
    },
    problems: (values) => problems(values, today, level),
    toData: (values) => toData(values, level),
  });
}

// The diary's form fields, kind by kind, and the rules the phone can check itself.
// The server (qzapp/diary/entity.py) is the judge, and serves the kinds, types and limits
// used here; this only spares a round trip.
// To add a field to a kind, add a line to FORM_FIELDS (labels: diary.field.<name>).
import { t, tOr } from "./i18n.js";
import RULES from "./rules.js";

// The most each field holds (characters, a number, photos), as the server's FIELDS check it.
const MAX = RULES.diary.max;
// Who writes diaries (qzapp/diary/entity.py WRITERS).
export { DIARY_WRITERS } from "./roles.js";
export const MAX_PHOTOS = MAX.photos;
export const KINDS = RULES.diary.kinds;
// 坝坝会, 院坝会, 流动党校, 宣讲 (seed §1, §10); labels: diary.activity.<type>.
export const ACTIVITY_TYPES = RULES.diary.activity_types;
// The fields the server keeps from the phone; anything else would be refused as unknown.
export { DIARY_FIELDS } from "./record-fields.js";

// type: datetime | text | textarea | date | number | select | household | location | photos
// label: a catalogue key when the kind names the field differently; hint: its placeholder.
const WHEN = { name: "occurred_at", type: "datetime", required: true };
const WHEN_EVENT = { ...WHEN, label: "diary.field.occurred_at_event" };
const HOUSEHOLD = { name: "household_id", type: "household", hint: "diary.hint.household" };
const HOUSEHOLD_RELATED = { ...HOUSEHOLD, label: "diary.field.household_related" };
const PLACE = { name: "place", type: "text", max: MAX.place, hint: "diary.hint.place" };
const LOCATION = { name: "location", type: "location" }; // lat, lng and accuracy
const LOCATION_PARTS = ["lat", "lng", "accuracy"];
const PEOPLE = { name: "people_met", type: "text", max: MAX.people_met,
  hint: "diary.hint.people_met" };
const HEARD = { name: "heard", type: "textarea", max: MAX.heard, hint: "diary.hint.heard" };
const DONE = { name: "done", type: "textarea", max: MAX.done, hint: "diary.hint.done" };
const PHOTOS = { name: "photos", type: "photos", max: MAX_PHOTOS };
const FOLLOW_UP = { name: "follow_up_date", type: "date" };
const TOPIC = { name: "topic", type: "text", max: MAX.topic, required: true,
  hint: "diary.hint.topic" };
const ATTENDANCE = { name: "attendance", type: "number", min: 0, max: MAX.attendance,
  hint: "diary.hint.attendance" };
const ACTIVITY = { name: "activity_type", type: "select", required: true,
  choices: ACTIVITY_TYPES, choiceLabel: (type) => t(`diary.activity.${type}`) };

export const FORM_FIELDS = {
  visit: [WHEN, HOUSEHOLD, PLACE, LOCATION, PEOPLE, HEARD, DONE, PHOTOS, FOLLOW_UP],
  evening_talk: [WHEN_EVENT, TOPIC, PLACE, LOCATION, ATTENDANCE, HOUSEHOLD_RELATED, PEOPLE,
    HEARD, DONE, PHOTOS, FOLLOW_UP],
  group_activity: [WHEN_EVENT, ACTIVITY, TOPIC, PLACE, LOCATION, ATTENDANCE, HOUSEHOLD_RELATED,
    PEOPLE, HEARD, DONE, PHOTOS, FOLLOW_UP],
  meeting: [WHEN_EVENT, { ...TOPIC, required: false }, PLACE, LOCATION, ATTENDANCE,
    HOUSEHOLD_RELATED, PEOPLE, HEARD, DONE, PHOTOS, FOLLOW_UP],
};

// Every field of every kind once: switching kind keeps what was typed in the others.
const ALL_FIELDS = [...new Map(Object.values(FORM_FIELDS).flat()
  .map((field) => [field.name, field])).values()];

function pad(n) {
  return String(n).padStart(2, "0");
}

/** A moment as the value of <input type=datetime-local> in the phone's time zone. */
export function toLocalInput(moment = new Date()) {
  const d = new Date(moment);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
    + `T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Today on the phone as YYYY-MM-DD. */
export function localToday() {
  return toLocalInput().slice(0, 10);
}

/** A datetime-local value as ISO 8601 with the phone's offset (2026-11-26T09:30:00+08:00). */
export function fromLocalInput(value) {
  const offset = -new Date(value).getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return `${value.slice(0, 16)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

/** The form's values for a stored diary's data (a new one when data is empty). */
export function toValues(data = {}) {
  const values = { kind: KINDS.includes(data.kind) ? data.kind : "visit" };
  for (const field of ALL_FIELDS) {
    const value = data[field.name];
    if (field.type === "photos") values.photos = Array.isArray(value) ? [...value] : [];
    else if (field.type === "datetime") values[field.name] = value ? toLocalInput(value) : "";
    else if (field.type === "location") {
      for (const name of LOCATION_PARTS) {
        values[name] = isNumber(data[name]) ? data[name] : null;
      }
    } else values[field.name] = value === null || value === undefined ? "" : String(value);
  }
  return values;
}

function dataValue(field, value) {
  if (field.type === "photos") return value ?? [];
  if (field.type === "datetime") return value ? fromLocalInput(value) : "";
  if (field.type === "number") return value === "" ? "" : Number(value);
  return typeof value === "string" ? value.trim() : value;
}

/** The diary data to save from the form's values; `extra` keeps fields the form does not show. */
export function toData(values, extra = {}) {
  const kind = values.kind;
  const data = { ...extra, kind };
  for (const field of FORM_FIELDS[kind]) {
    if (field.type === "location") {
      if (isNumber(values.lat) && isNumber(values.lng)) {
        Object.assign(data, { lat: values.lat, lng: values.lng });
        if (isNumber(values.accuracy)) data.accuracy = values.accuracy;
      }
      continue;
    }
    data[field.name] = dataValue(field, values[field.name]);
    if (data[field.name] === "" || data[field.name] === null) delete data[field.name];
  }
  return data;
}

function fieldProblem(field, value) {
  const text = typeof value === "string" ? value.trim() : value;
  if (field.required && !text) return t("field.required");
  if (field.max && field.type !== "number" && typeof text === "string" && text.length > field.max) {
    return t("field.too_long", { max: field.max });
  }
  if (field.type === "number" && text) {
    if (!/^\d+$/.test(text)) return t("field.not_integer");
    if (Number(text) > field.max) return t("field.too_big", { max: field.max });
  }
  return "";
}

/** What the phone can tell is wrong, as {field: message}. */
export function localErrors(values, today = localToday()) {
  const errors = {};
  for (const field of FORM_FIELDS[values.kind]) {
    const problem = fieldProblem(field, values[field.name]);
    if (problem) errors[field.name] = problem;
  }
  const day = (values.occurred_at || "").slice(0, 10);
  if (day && day > today) errors.occurred_at = t("diary.future_date");
  if (values.kind === "visit" && !values.heard?.trim() && !values.done?.trim()) {
    errors.heard = t("diary.heard_or_done");
  }
  if (day && values.follow_up_date && values.follow_up_date < day) {
    errors.follow_up_date = t("diary.follow_up_before");
  }
  return errors;
}

/** The label of a diary field (its name when the catalogue has none); lat, lng and accuracy
 *  are the location's. */
export function fieldLabel(name) {
  const field = LOCATION_PARTS.includes(name) ? "location" : name;
  return tOr(`diary.field.${field}`, name);
}

/** The label of a field as its kind shows it. */
export function formLabel(field) {
  return field.label ? t(field.label) : fieldLabel(field.name);
}

/** One line that names a diary: its kind, and what was heard or done. */
export function diarySummary(data = {}) {
  const kind = data.kind ? t(`diary.kind.${data.kind}`) : "";
  const text = data.heard || data.done || data.topic || data.place || "";
  return [kind, text].filter(Boolean).join(" · ");
}

/** A location's accuracy as shown ("±35 米"), or "" when unknown. */
export function accuracyText(accuracy) {
  return isNumber(accuracy) ? t("diary.location.accuracy", { meters: Math.round(accuracy) }) : "";
}

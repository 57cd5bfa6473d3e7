// The diary's form fields, kind by kind, and the rules the phone can check itself.
// The server (qzapp/diary/entity.py) is the judge; this only spares a round trip.
// To add a kind or a field, add a line to FORM_FIELDS (labels: diary.field.<name>).
import { t } from "./i18n.js";

export const MAX_PHOTOS = 9;

// type: datetime | text | textarea | date | photos
export const FORM_FIELDS = {
  visit: [
    { name: "occurred_at", type: "datetime", required: true },
    { name: "place", type: "text", max: 100, hint: "diary.hint.place" },
    { name: "people_met", type: "text", max: 500, hint: "diary.hint.people_met" },
    { name: "heard", type: "textarea", max: 2000, hint: "diary.hint.heard" },
    { name: "done", type: "textarea", max: 2000, hint: "diary.hint.done" },
    { name: "photos", type: "photos", max: MAX_PHOTOS },
    { name: "follow_up_date", type: "date" },
  ],
};

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

/** The form's values for a stored diary's data. */
export function toValues(kind, data = {}) {
  const values = {};
  for (const field of FORM_FIELDS[kind]) {
    const value = data[field.name];
    if (field.type === "photos") values[field.name] = Array.isArray(value) ? [...value] : [];
    else if (field.type === "datetime") values[field.name] = value ? toLocalInput(value) : "";
    else values[field.name] = value ?? "";
  }
  return values;
}

/** The diary data to save from the form's values; `extra` keeps fields the form does not show. */
export function toData(kind, values, extra = {}) {
  const data = { ...extra, kind };
  for (const field of FORM_FIELDS[kind]) {
    const value = values[field.name];
    if (field.type === "photos") data[field.name] = value ?? [];
    else if (field.type === "datetime") data[field.name] = value ? fromLocalInput(value) : "";
    else data[field.name] = typeof value === "string" ? value.trim() : value;
    if (data[field.name] === "") delete data[field.name];
  }
  return data;
}

/** What the phone can tell is wrong, as {field: message}. */
export function localErrors(kind, values, today = localToday()) {
  const errors = {};
  for (const field of FORM_FIELDS[kind]) {
    const value = values[field.name];
    if (field.required && !(typeof value === "string" ? value.trim() : value)) {
      errors[field.name] = t("field.required");
    } else if (field.max && typeof value === "string" && value.trim().length > field.max) {
      errors[field.name] = t("field.too_long", { max: field.max });
    }
  }
  const day = (values.occurred_at || "").slice(0, 10);
  if (day && day > today) errors.occurred_at = t("diary.future_date");
  if (kind === "visit" && !values.heard?.trim() && !values.done?.trim()) {
    errors.heard = t("diary.heard_or_done");
  }
  if (day && values.follow_up_date && values.follow_up_date < day) {
    errors.follow_up_date = t("diary.follow_up_before");
  }
  return errors;
}

/** The label of a diary field (its name when the catalogue has none). */
export function fieldLabel(name) {
  const key = `diary.field.${name}`;
  const label = t(key);
  return label === key ? name : label;
}

/** One line that names a diary: its kind, and what was heard or done. */
export function diarySummary(data = {}) {
  const kind = data.kind ? t(`diary.kind.${data.kind}`) : "";
  const text = data.heard || data.done || data.topic || data.place || "";
  return [kind, text].filter(Boolean).join(" · ");
}

// 记录基层工作日: a leader logs a day at the grassroots — the date (today by default, never a
// day to come), where (in words, and one of their contact points), the position if they
// allow it, what was done, photos — saved on the phone through the outbox, with no signal.
//   #/leader-day                  a new day
//   #/leader-day?id=<id>          change one of my days
//   #/leader-day?fix=<mid>        correct a day the server refused
import { beijingToday } from "../households/rules.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { field, formHead, formMode, placeNodeField, runForm, textOrNull, textProblem } from
  "../leaders/form.js";
import { leaderStyles } from "../leaders/parts.js";
import { LIMITS } from "../leaders/rules.js";
import { leaderYear } from "../leaders/year.js";
import { photoField } from "../photo-field.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import { locationField } from "../widgets/diary-location.js";

const ENTITY = "grassroots_day";
const INPUTS = ["day", "place", "place_node_id", "done"];
const SHOWN = new Set([...INPUTS, "photos"]);

function start(today) {
  return (data) => ({ day: data.day ?? today, place: data.place ?? "",
    place_node_id: data.place_node_id ? String(data.place_node_id) : "",
    lat: data.lat ?? null, lng: data.lng ?? null, accuracy: data.accuracy ?? null,
    done: data.done ?? "", photos: [...(data.photos ?? [])] });
}

function template(values, { mode, restored, today, contacts }) {
  return html`<form class="card form leader-form" novalidate data-leader-day>
    ${formHead(mode, { title: t(mode.id && !mode.fix ? "leader.day.edit" : "leader.day.title"),
      shown: SHOWN, restored })}
    ${field("day", html`<input type="date" name="day" value="${values.day}" max="${today}"
      required>`, { required: true })}
    ${field("place", html`<input name="place" value="${values.place}"
      maxlength="${LIMITS.place_max}" placeholder="${t("leader.day.place_hint")}">`)}
    ${placeNodeField(contacts, values.place_node_id)}
    <div class="field-location" data-location></div>
    ${field("done", html`<textarea name="done" rows="4" maxlength="${LIMITS.text_max}"
      placeholder="${t("leader.day.done_hint")}">${values.done}</textarea>`, { required: true })}
    <div class="field" data-photos></div>
    <p class="muted">${t("diary.form.offline_hint")}</p>
    <button class="btn btn-primary btn-block" type="submit">${t("diary.form.save")}</button>
  </form>`;
}

function problems(values, today) {
  const found = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.day || "")) found.day = t("field.required");
  else if (values.day > today) found.day = t("leaders.future_date");
  const place = textProblem(values.place, LIMITS.place_max, false);
  if (place) found.place = place;
  const done = textProblem(values.done, LIMITS.text_max);
  if (done) found.done = done;
  return found;
}

function toData(values) {
  const located = typeof values.lat === "number" && typeof values.lng === "number";
  return { day: values.day, place: textOrNull(values.place),
    place_node_id: values.place_node_id ? Number(values.place_node_id) : null,
    lat: located ? values.lat : null, lng: located ? values.lng : null,
    accuracy: located ? values.accuracy ?? null : null, done: values.done.trim(),
    photos: [...values.photos] };
}

/** Draw the form. */
export async function render(root, params = {}) {
  leaderStyles();
  const user = currentUser();
  const today = beijingToday();
  const mode = await formMode(user.id, params, ENTITY, start(today));
  if (mode.leave) return navigate(mode.leave);
  const year = await leaderYear(user, Number(today.slice(0, 4)), { refresh: false });
  return runForm(root, {
    uid: user.id, mode, entity: ENTITY, inputs: INPUTS,
    template: (values, restored) => template(values, { mode, restored, today,
      contacts: year.contacts }),
    widgets: (form, values, saveDraft) => {
      locationField(form.querySelector("[data-location]"), { values, onChange: saveDraft });
      photoField(form.querySelector("[data-photos]"), { uid: user.id, name: "photos",
        shas: values.photos, max: LIMITS.photos_max, onChange: saveDraft });
    },
    problems: (values) => problems(values, today),
    toData,
  });
}

// The community staff's posts and shifts, kept on the phone (synced, offline too): the posts
// of a community with their shifts from today and the places taken (counted from the sign-ups
// staff phones receive), the form of a post (新建 or 编辑: what it asks, where with its GPS point,
// how many may claim it) and the form of a shift (a day, its hours, its places, a team's). The
// phone checks what the server checks too (RULES.duty); the server stays the judge.
import { recordsOf } from "../db.js";
import { showErrors } from "../forms.js";
import { beijingNow, beijingToday } from "../households/rules.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { saveLocal } from "../outbox.js";
import { DUTY } from "./duty-community.js";
import { locationField } from "./diary-location.js";

const POST = DUTY.post;
const SHIFT = DUTY.shift;
// What a post and a shift send: their fields as the server takes them (qzapp/duty).
const POST_KEYS = ["node_id", "year", "title", "description", "place", "lat", "lng", "radius_m",
  "capacity", "skills", "contact_role", "active"];
const SHIFT_KEYS = ["post_id", "starts_at", "ends_at", "capacity", "team_id", "note",
  "cancelled"];

/** The posts of a community on the phone (this year's and next's), active first, by title. */
export async function communityPosts(uid, nodeId) {
  const year = Number(beijingToday().slice(0, 4));
  return (await recordsOf(uid, "duty_post")).filter((r) => r.data.node_id === nodeId
    && r.data.year >= year).sort((a, b) => (b.data.active - a.data.active)
    || String(a.data.title).localeCompare(String(b.data.title), "zh-CN"));
}

/** The shifts on the phone that end from now on, by post (earliest first), each with its
 *  sign-ups counted ({id, data, status, taken, waiting}): read once for every post. */
export async function shiftsByPost(uid) {
  const [shifts, signups] = await Promise.all([recordsOf(uid, "duty_shift"),
    recordsOf(uid, "duty_signup")]);
  const counts = new Map();
  for (const { data } of signups) {
    const count = counts.get(data.shift_id) ?? { taken: 0, waiting: 0 };
    if (data.status === "confirmed") count.taken += 1;
    if (data.status === "waiting") count.waiting += 1;
    counts.set(data.shift_id, count);
  }
  const now = beijingNow();
  const byPost = new Map();
  shifts.filter((r) => r.data.ends_at > now)
    .sort((a, b) => a.data.starts_at.localeCompare(b.data.starts_at))
    .forEach((r) => {
      const list = byPost.get(r.data.post_id) ?? [];
      list.push({ ...r, taken: 0, waiting: 0, ...counts.get(r.id) });
      byPost.set(r.data.post_id, list);
    });
  return byPost;
}

function field(name, label, control, hint = "") {
  return html`<label class="field"><span class="field-label">${label}</span>${control}
    <span class="field-error" data-error-for="${name}"></span>
    ${hint ? html`<span class="field-hint">${hint}</span>` : ""}</label>`;
}

/** The form of a post (values: its data, or a new one's defaults). */
export function postForm(values) {
  const year = Number(beijingToday().slice(0, 4));
  return html`<form class="card form duty-admin-form" data-form="post" novalidate>
    <h2 class="form-title">${values.id ? t("duty.admin.edit_post") : t("duty.admin.new_post")}</h2>
    <p class="form-error" role="alert" hidden></p>
    ${field("title", t("duty.admin.post_title"), html`<input name="title" value="${values.title
      ?? ""}" maxlength="${POST.title_max}" required>`)}
    ${field("year", t("duty.admin.year"), html`<select name="year">${[year, year + 1].map((y) =>
      html`<option value="${y}" ${Number(values.year ?? year) === y ? "selected" : ""}>${y}
      </option>`)}</select>`)}
    ${field("description", t("duty.admin.description"), html`<textarea name="description"
      rows="3" maxlength="${POST.text_max}">${values.description ?? ""}</textarea>`)}
    ${field("place", t("duty.admin.place"), html`<input name="place" value="${values.place
      ?? ""}" maxlength="${POST.place_max}">`)}
    <div class="field" data-location></div>
    <div class="field-pair">
      ${field("capacity", t("duty.admin.capacity"), html`<input name="capacity" type="number"
        inputmode="numeric" min="1" max="${POST.capacity_max}" value="${values.capacity ?? 5}">`)}
      ${field("radius_m", t("duty.admin.radius"), html`<input name="radius_m" type="number"
        inputmode="numeric" min="${POST.radius_m[0]}" max="${POST.radius_m[1]}"
        value="${values.radius_m ?? POST.default_radius_m}">`)}</div>
    ${field("skills", t("duty.admin.skills"), html`<input name="skills" value="${values.skills
      ?? ""}" maxlength="${POST.skills_max}">`)}
    ${field("contact_role", t("duty.admin.contact"), html`<input name="contact_role"
      value="${values.contact_role ?? ""}" maxlength="${POST.contact_max}">`)}
    ${values.id ? html`<label class="check"><input type="checkbox" name="active" ${
      values.active !== false ? "checked" : ""}><span>${t("duty.admin.active")}</span></label>`
    : ""}
    <button class="btn btn-primary btn-block" type="submit">${t("duty.admin.save_post")}</button>
  </form>`;
}

/** What is wrong with a post's values ({field: message}), as the server would say. */
export function postProblems(values) {
  const errors = {};
  if (!values.title) errors.title = t("field.required");
  if (!Number.isInteger(values.capacity) || values.capacity < 1
    || values.capacity > POST.capacity_max) {
    errors.capacity = t("duty.admin.between", { min: 1, max: POST.capacity_max });
  }
  const [low, high] = POST.radius_m;
  if (!Number.isInteger(values.radius_m) || values.radius_m < low || values.radius_m > high) {
    errors.radius_m = t("duty.admin.between", { min: low, max: high });
  }
  return errors;
}

function readPost(form, values) {
  const text = (name) => form.elements[name].value.trim() || null;
  return { ...values, title: text("title") ?? "", year: Number(form.year.value),
    description: text("description"), place: text("place"), skills: text("skills"),
    contact_role: text("contact_role"), capacity: Number(form.capacity.value),
    radius_m: Number(form.radius_m.value), active: form.active ? form.active.checked : true };
}

/** Let the post form save (on the phone, sent with the next sync); done() after saving. */
export function bindPostForm(form, values, done) {
  const where = { lat: values.lat ?? null, lng: values.lng ?? null };
  locationField(form.querySelector("[data-location]"), { values: where, onChange: () => {} });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const post = readPost(form, values);
    const errors = postProblems(post);
    if (Object.keys(errors).length) return showErrors(form, t("diary.form.check"), errors);
    const data = Object.fromEntries(POST_KEYS.map((key) => [key, post[key] ?? null]));
    Object.assign(data, { lat: where.lat ?? null, lng: where.lng ?? null });
    form.querySelector("button[type=submit]").disabled = true;
    await saveLocal("duty_post", data, values.id ? { id: values.id } : {});
    return done();
  });
}

/** The form of a new shift of a post: its day, hours, places, and a team's when chosen. */
export function shiftForm(post, teams) {
  const today = beijingToday();
  return html`<form class="card form duty-admin-form" data-form="shift" novalidate>
    <h2 class="form-title">${t("duty.admin.new_shift", { title: post.data.title })}</h2>
    <p class="form-error" role="alert" hidden></p>
    ${field("day", t("duty.admin.day"), html`<input name="day" type="date" min="${today}"
      value="${today}" required>`)}
    <div class="field-pair">
      ${field("starts_at", t("duty.admin.starts"), html`<input name="start" type="time"
        value="09:00" required>`)}
      ${field("ends_at", t("duty.admin.ends"), html`<input name="end" type="time" value="11:00"
        required>`)}</div>
    ${field("capacity", t("duty.admin.shift_capacity"), html`<input name="capacity"
      type="number" inputmode="numeric" min="1" max="${SHIFT.capacity_max}" value="3">`)}
    ${teams.length ? field("team_id", t("duty.admin.team"), html`<select name="team_id">
      <option value="">${t("duty.admin.no_team")}</option>${teams.map((team) => html`<option
      value="${team.id}">${team.data.name}</option>`)}</select>`) : ""}
    ${field("note", t("duty.admin.note"), html`<input name="note" maxlength="${
      SHIFT.note_max}">`)}
    <button class="btn btn-primary btn-block" type="submit">${t("duty.admin.save_shift")}</button>
  </form>`;
}

/** What is wrong with a shift ({field: message}), as the server would say: never in the past,
 *  ending after it starts, at most SHIFT.hours_max long. now: Beijing's time as ISO text. */
export function shiftProblems(shift, now = beijingNow()) {
  const errors = {};
  const starts = Date.parse(shift.starts_at);
  const ends = Date.parse(shift.ends_at);
  if (Number.isNaN(starts)) errors.starts_at = t("field.required");
  else if (starts <= Date.parse(now)) errors.starts_at = t("duty.shift.in_past");
  if (Number.isNaN(ends)) errors.ends_at = t("field.required");
  else if (ends <= starts) errors.ends_at = t("duty.shift.ends_before_start");
  else if (ends - starts > SHIFT.hours_max * 3600 * 1000) {
    errors.ends_at = t("duty.shift.too_long", { hours: SHIFT.hours_max });
  }
  if (!Number.isInteger(shift.capacity) || shift.capacity < 1
    || shift.capacity > SHIFT.capacity_max) {
    errors.capacity = t("duty.admin.between", { min: 1, max: SHIFT.capacity_max });
  }
  return errors;
}

/** Let the shift form save (on the phone); done() after saving. Its hours are Beijing's. */
export function bindShiftForm(form, post, done) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const day = form.day.value;
    const shift = { post_id: post.id, starts_at: `${day}T${form.start.value}:00+08:00`,
      ends_at: `${day}T${form.end.value}:00+08:00`,
      capacity: Number(form.capacity.value), team_id: form.team_id?.value || null,
      note: form.note.value.trim() || null, cancelled: false };
    const errors = shiftProblems(shift);
    if (Object.keys(errors).length) return showErrors(form, t("diary.form.check"), errors);
    form.querySelector("button[type=submit]").disabled = true;
    await saveLocal("duty_shift", shift);
    return done();
  });
}

/** Cancel a shift (on the phone): its sign-ups are cancelled by the server, their members
 *  told. */
export function cancelShift(record) {
  const data = Object.fromEntries(SHIFT_KEYS.map((key) => [key, record.data[key] ?? null]));
  return saveLocal("duty_shift", { ...data, cancelled: true }, { id: record.id });
}

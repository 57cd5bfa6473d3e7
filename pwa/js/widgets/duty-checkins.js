// A member's check-ins at service posts (qzapp/duty/checkins.py) as the phone keeps them:
// reading a code's shape (the served rules of qzapp/duty/codes.py: the signature is the
// server's to check, at sync), the post it names among the posts the phone knows, whether I am
// checked in there, and saving a check-in or check-out offline. Works with no connection.
import { recordsOf, rejectedEntries } from "../db.js";
import { beijingNow } from "../households/rules.js";
import { t } from "../i18n.js";
import { saveLocal } from "../outbox.js";
import RULES from "../rules.js";
import { communityAnswer } from "./duty-community.js";

export const CHECKIN = RULES.duty.checkin;
const CODE = CHECKIN.code;
const PAYLOAD = new RegExp(`^${CODE.prefix}:([0-9a-f-]{36}):(\\d{4}):([A-Z2-7]{${
  CODE.sig_length}})$`);
const TYPED_DROP = /[\s\-_.·]/g;

/** What a scanned or typed code says by its shape: {kind: "payload", postId, year} or
 *  {kind: "short", postPart, code} (code normalised), or null when it is no code of ours. */
export function readCode(text) {
  const trimmed = String(text ?? "").trim();
  const match = PAYLOAD.exec(trimmed);
  if (match) return { kind: "payload", postId: match[1], year: Number(match[2]), code: trimmed };
  const typed = [...trimmed.replace(TYPED_DROP, "").toUpperCase()]
    .map((char) => CODE.typed_fixes[char] ?? char).join("");
  const shaped = typed.length === CODE.short_length
    && [...typed].every((char) => CODE.alphabet.includes(char));
  return shaped ? { kind: "short", postPart: typed.slice(0, CODE.post_part), code: typed }
    : null;
}

/** The four characters of a short code that name a post: the last 20 bits of its id, in the
 *  code's alphabet (codes.post_part). */
export function postPartOf(postId) {
  let number = parseInt(String(postId).replace(/-/g, "").slice(-5), 16);
  let part = "";
  for (let i = 0; i < CODE.post_part; i += 1) {
    part = CODE.alphabet[number % 32] + part;
    number = Math.floor(number / 32);
  }
  return part;
}

/** The post part of a code read (readCode's answer). */
function partOfCode(read) {
  return read.kind === "payload" ? postPartOf(read.postId) : read.postPart;
}

// ---- the posts the phone knows ---------------------------------------------------------------

/** My community as the phone keeps it (the answer of /api/duty/community that 我的服务
 *  keeps, widgets/duty-community.js: its posts, shifts and settings), or null; fetched again
 *  first when refresh and online. */
export async function knownCommunity(uid, { refresh = false } = {}) {
  return (await communityAnswer(uid, { refresh })).answer;
}

/** My confirmed shift at the post whose window, with the community's tolerance, holds the
 *  moment, from the kept answer (undefined when none): the check-in names it, so that the
 *  server refuses it should the shift have been cancelled meanwhile. */
export function myShiftAt(answer, postId, now = Date.now()) {
  if (!answer || !postId) return undefined;
  const minutes = answer.settings?.checkin_tolerance_minutes
    ?? RULES.duty.settings.checkin_tolerance_minutes;
  const tolerance = minutes * 60 * 1000;
  return (answer.shifts ?? []).find((shift) => shift.post_id === postId && !shift.cancelled
    && shift.my_signup?.status === "confirmed"
    && Date.parse(shift.starts_at) - tolerance <= now
    && now <= Date.parse(shift.ends_at) + tolerance);
}

/** The post a code names among the posts known (undefined when the phone does not know it). */
export function postOfCode(read, posts) {
  if (read.kind === "payload") return posts.find((post) => post.id === read.postId);
  return posts.find((post) => postPartOf(post.id) === read.postPart);
}

// ---- my check-ins ----------------------------------------------------------------------------

/** My check-ins and check-outs on the phone, newest first, each {id, data, status, reason}:
 *  status pending (not sent yet), synced, or rejected with the server's reason. */
export async function myCheckins(uid) {
  const [records, refused] = await Promise.all([recordsOf(uid, "duty_checkin"),
    rejectedEntries(uid)]);
  const reasons = new Map(refused.filter((entry) => entry.entity === "duty_checkin")
    .map((entry) => [entry.id, entry.reason]));
  return records.filter((record) => record.data.created_by === uid)
    .map((record) => ({ id: record.id, data: record.data, status: record.status,
      reason: reasons.get(record.id) ?? null }))
    .sort((a, b) => String(b.data.at).localeCompare(String(a.data.at)));
}

function postPartOfRecord(data) {
  if (data.post_id) return postPartOf(data.post_id);
  const read = readCode(data.code);
  return read ? partOfCode(read) : null;
}

/** My latest check-in at the post (by its post part) that nothing closes, or undefined;
 *  a refused one never counts. */
export function openCheckinAt(checkins, postPart) {
  const closed = new Set(checkins.filter((c) => c.data.kind === "out")
    .map((c) => c.data.checkin_id));
  return checkins.find((c) => c.data.kind === "in" && c.status !== "rejected"
    && !closed.has(c.id) && postPartOfRecord(c.data) === postPart);
}

/** Every check-in of mine still open, newest first. */
export function openCheckins(checkins) {
  const closed = new Set(checkins.filter((c) => c.data.kind === "out")
    .map((c) => c.data.checkin_id));
  return checkins.filter((c) => c.data.kind === "in" && c.status !== "rejected"
    && !closed.has(c.id));
}

/** Save what a code read at the post means: a check-out of my open check-in there, else a
 *  check-in (naming my shift there now, when the phone knows one); with the time and the
 *  position the screen's watch has (the browser reports a new one only when the phone moves,
 *  so the last one stays current however old). Returns {id, kind, data}. */
export async function recordAtPost(uid, read, { post, position, answer }, now = Date.now()) {
  const open = openCheckinAt(await myCheckins(uid), partOfCode(read));
  const data = { kind: open ? "out" : "in", at: beijingNow(now), code: read.code };
  const postId = post?.id ?? (read.kind === "payload" ? read.postId : open?.data.post_id);
  if (postId) data.post_id = postId;
  if (open) data.checkin_id = open.id;
  const shift = open ? undefined : myShiftAt(answer, postId, now);
  if (shift) data.shift_id = shift.id;
  if (position) {
    Object.assign(data, { lat: position.lat, lng: position.lng, accuracy: position.accuracy });
  }
  const id = await saveLocal("duty_checkin", data);
  return { id, kind: data.kind, data };
}

/** The post part of one of my check-ins: the post it was made at. */
export function postPartOfCheckin(checkin) {
  return postPartOfRecord(checkin.data);
}

/** A check-in or check-out as one line, for lists that show any record (同步): 签到 12-01
 *  13:19 · 岗位 4YPE. */
export function checkinSummary(data) {
  const at = String(data?.at ?? "");
  const kind = t(`duty.scan.kind.${data?.kind === "out" ? "out" : "in"}`);
  const post = t("duty.scan.unknown_post", { code: postPartOfRecord(data ?? {}) ?? "" });
  return `${kind} ${at.slice(5, 10)} ${at.slice(11, 16)} · ${post}`;
}

// My community as the phone holds it (双报到, qzapp/duty/community.py): the server's answer of
// /api/duty/community, kept for offline use, with my own records on top — registrations,
// claims and sign-ups written here and not sent yet, or refused — so that every member screen
// shows at once what was done offline. Whether a sign-up is confirmed or waits is the server's
// word, and arrives with the next sync; the rules the phone applies itself (the cut-off) are
// the served ones (RULES.duty).
import { api } from "../api.js";
import { kvGet, kvSet, recordsOf, rejectedEntries } from "../db.js";
import { beijingNow } from "../households/rules.js";
import { saveLocal } from "../outbox.js";
import RULES from "../rules.js";

export const DUTY = RULES.duty;
const HOUR_MS = 3600 * 1000;
// The records these screens write (the other parts of duty show their own).
const MINE = ["duty_registration", "duty_claim", "duty_signup"];

function answerKey(uid) {
  return `duty:community:${uid}`;
}

function communitiesKey(uid) {
  return `duty:communities:${uid}`;
}

/** The server's answer about my community ({answer, offline}): fetched when online (and kept),
 *  else the one kept last (answer null when there is none). */
export async function communityAnswer(uid, { refresh = true } = {}) {
  if (refresh) {
    try {
      const answer = await api("/api/duty/community");
      await kvSet(answerKey(uid), { ...answer, fetched_at: Date.now() });
      return { answer, offline: false };
    } catch { /* offline or refused: what the phone kept serves */ }
  }
  return { answer: (await kvGet(answerKey(uid)).catch(() => undefined)) ?? null, offline: true };
}

/** The communities I may register with ({communities, offline}), kept for offline use. */
export async function knownCommunities(uid) {
  try {
    const { communities } = await api("/api/duty/communities");
    await kvSet(communitiesKey(uid), communities);
    return { communities, offline: false };
  } catch {
    return { communities: (await kvGet(communitiesKey(uid)).catch(() => undefined)) ?? null,
      offline: true };
  }
}

/** Where one of my records stands on the phone: sending (not sent yet), refused (with the
 *  server's reason) or synced. */
function localState(record, refused) {
  if (record.status === "pending") return { state: "sending" };
  if (record.status === "rejected") {
    const entry = refused.find((e) => e.entity === record.entity && e.id === record.id);
    return { state: "refused", reason: entry?.reason ?? "", mid: entry?.mid };
  }
  return { state: "synced" };
}

/** My registrations, newest first: the server's answer and my records merged (the newer
 *  copy of each wins), each {id, node_id, community, status, reason, local}. */
function registrations(answer, records, refused, communities) {
  const byId = new Map((answer?.registrations ?? []).map((r) => [r.id, { ...r,
    local: { state: "synced" } }]));
  for (const record of records) {
    const local = localState(record, refused);
    const known = byId.get(record.id);
    const data = record.data;
    if (local.state === "synced" && known && (known.rev ?? 0) >= (record.rev ?? 0)) continue;
    byId.set(record.id, { ...known, ...data, local,
      community: data.community ?? known?.community
        ?? communities?.find((c) => c.id === data.node_id)?.name ?? "",
      created_at: data.created_at ?? new Date(record.saved_at ?? Date.now()).toISOString() });
  }
  return [...byId.values()].sort((a, b) => String(b.created_at).localeCompare(
    String(a.created_at)));
}

/** My standing with a community: {kind, current, latest} where kind is none, approved,
 *  pending (waiting for staff or to be sent; moving when approved elsewhere), declined or
 *  refused (the phone's registration refused). */
export function standing(list) {
  const current = list.find((r) => r.status === "approved" && r.local.state === "synced");
  const latest = list.find((r) => r.local.state !== "refused" && r.status !== "ended");
  const refused = list.find((r) => r.local.state === "refused");
  const waiting = list.find((r) => r.local.state === "sending" || (r.status === "pending"
    && r.local.state === "synced"));
  if (waiting) return { kind: "pending", current, latest: waiting, refused };
  if (current) return { kind: "approved", current, latest: current, refused };
  if (refused) return { kind: "refused", current, latest: refused, refused };
  if (latest?.status === "declined") return { kind: "declined", current, latest, refused };
  return { kind: "none", current, latest, refused };
}

/** My sign-up for a shift as the phone knows it: the server's (answer) or my newest record
 *  of it, {id, rev, status (confirmed, waiting, sending, cancelling, refused), position,
 *  reason, cancelReason}; null when I hold none. */
function mySignup(shift, records, refused) {
  const mine = records.filter((r) => r.data.shift_id === shift.id)
    .sort((a, b) => (b.saved_at ?? 0) - (a.saved_at ?? 0) || (b.rev ?? 0) - (a.rev ?? 0));
  const server = shift.my_signup ? { ...shift.my_signup, shift_id: shift.id } : null;
  for (const record of mine) {
    const local = localState(record, refused);
    const data = record.data;
    const was = record.synced?.data?.status;
    if (local.state === "sending") {
      if (data.status === "cancelled") return { ...data, rev: record.rev, status: "cancelling" };
      return { ...data, rev: record.rev, status: "sending" };
    }
    if (local.state === "refused") {
      if (was && was !== "cancelled") {   // a cancel refused: the place stays
        return { ...record.synced.data, rev: record.rev, refusedCancel: local.reason };
      }
      if (!was) return { ...data, status: "refused", reason: local.reason, mid: local.mid };
      continue;
    }
    if (server && server.id !== record.id) continue;
    if (server && (server.rev ?? 0) > (record.rev ?? 0)) return server;
    if (data.status === "cancelled") return null;
    return { ...data, rev: record.rev };
  }
  return server ?? null;
}

/** Everything the member screens draw, from the kept answer and my records: {answer,
 *  offline, registrations, standing, posts, shifts, claims, refused}. */
export async function dutyState(uid, { refresh = true, communities = null } = {}) {
  // Staff who are members too receive their community's records by sync: only mine count.
  const mine = async (entity) => (await recordsOf(uid, entity))
    .filter((r) => r.data.created_by === uid);
  const [{ answer, offline }, regs, claims, signups, refused] = await Promise.all([
    communityAnswer(uid, { refresh }), mine("duty_registration"), mine("duty_claim"),
    mine("duty_signup"), rejectedEntries(uid)]);
  const list = registrations(answer, regs, refused, communities);
  const posts = (answer?.posts ?? []).map((post) => {
    const record = claims.find((r) => r.data.post_id === post.id);
    const local = record ? localState(record, refused) : null;
    const sending = !post.mine && local?.state === "sending";
    return { ...post, local, mine: post.mine || sending, claimed: post.claimed + (sending ? 1 : 0) };
  });
  const titled = (id) => posts.find((p) => p.id === id)?.title ?? "";
  const year = answer?.year ?? Number(beijingNow().slice(0, 4));
  const claimList = [
    ...(answer?.claims ?? []).map((c) => ({ ...c, local: { state: "synced" } })),
    ...claims.filter((r) => Number(r.data.year ?? year) === year)
      .filter((r) => !(answer?.claims ?? []).some((c) => c.claim_id === r.id))
      .map((r) => ({ post_id: r.data.post_id, claim_id: r.id, local: localState(r, refused),
        title: r.data.post_title ?? titled(r.data.post_id) })),
  ];
  const shifts = (answer?.shifts ?? []).map((shift) => ({ ...shift, post_title:
    titled(shift.post_id), mine: mySignup(shift, signups, refused) }));
  return { answer, offline, registrations: list, standing: standing(list), posts, shifts,
    claims: claimList, refused: refused.filter((e) => MINE.includes(e.entity)) };
}

/** A shift's time as messages name it (as the server does): 12-03 08:00–10:00. */
export function span(shift) {
  return `${shift.starts_at.slice(5, 10)} ${shift.starts_at.slice(11, 16)}–${
    shift.ends_at.slice(11, 16)}`;
}

/** The places left on a shift, by the last count the phone has. */
export function placesLeft(shift) {
  return Math.max(shift.capacity - shift.taken, 0);
}

/** Whether my sign-up may still be cancelled now (the server judges again when it arrives):
 *  a waiting one until the shift starts, a confirmed one until the community's cut-off. */
export function mayCancel(shift, signup, settings, now = Date.now()) {
  const starts = Date.parse(shift.starts_at);
  if (starts <= now) return false;
  if (signup.status !== "confirmed") return true;
  const hours = settings?.signup_cutoff_hours ?? DUTY.settings.signup_cutoff_hours;
  return starts - hours * HOUR_MS > now;
}

/** The cut-off in force in my community, in hours. */
export function cutoffHours(settings) {
  return settings?.signup_cutoff_hours ?? DUTY.settings.signup_cutoff_hours;
}

/** Whether a shift has not started yet. */
export function isAhead(shift, now = Date.now()) {
  return Date.parse(shift.starts_at) > now;
}

/** Register with a community (offline too); the record's id. */
export function registerWith(nodeId) {
  return saveLocal("duty_registration", { node_id: nodeId });
}

/** Claim a post (offline too). */
export function claimPost(postId) {
  return saveLocal("duty_claim", { post_id: postId });
}

/** Sign up for a shift (offline too). */
export function signUp(shiftId) {
  return saveLocal("duty_signup", { shift_id: shiftId });
}

/** Cancel my sign-up (offline too): a put of its status. */
export function cancelSignup(signup) {
  return saveLocal("duty_signup", { shift_id: signup.shift_id, status: "cancelled" },
    { id: signup.id });
}

// Households as the phone holds them: pairings, visits and history from the user's own
// records (pulled and written here), so every screen that uses this works offline.
import { recordGet, recordsOf } from "../db.js";
import { beijingToday, rotationStatus } from "./rules.js";

function byHousehold(records) {
  const map = new Map();
  for (const record of records) {
    const id = record.data?.household_id;
    if (!id) continue;
    if (!map.has(id)) map.set(id, []);
    map.get(id).push(record.data);
  }
  return map;
}

/** The open pairing of a household among pairing records (undefined when none). */
export function openPairing(pairings, householdId) {
  return pairings.find((p) => p.household_id === householdId && !p.end_date);
}

/** Last visit (latest diary day), next follow-up (of the latest diary that has one, if not
 *  before the last visit) and whether it is overdue — as the server's /households/mine. */
export function visits(diaries = [], today = beijingToday()) {
  const days = diaries.map((d) => (d.occurred_at || "").slice(0, 10)).filter(Boolean).sort();
  const last = days.at(-1) ?? null;
  const withFollowUp = diaries.filter((d) => d.follow_up_date)
    .sort((a, b) => (a.occurred_at || "").localeCompare(b.occurred_at || ""));
  const follow = withFollowUp.at(-1)?.follow_up_date ?? null;
  const next = follow && (last === null || follow >= last) ? follow : null;
  return { last_visit: last, next_follow_up: next, follow_up_overdue: Boolean(next && next < today) };
}

/** Overdue follow-ups first, then the soonest follow-up, then the longest unvisited. */
export function compareMine(a, b) {
  return (Number(b.follow_up_overdue) - Number(a.follow_up_overdue))
    || (a.next_follow_up ?? "9999").localeCompare(b.next_follow_up ?? "9999")
    || (a.last_visit ?? "0000").localeCompare(b.last_visit ?? "0000")
    || (a.household.head_name || "").localeCompare(b.household.head_name || "", "zh-CN");
}

/** The households whose open pairing is with the user, with visits and rotation, sorted. */
export async function myHouseholds(uid, today = beijingToday()) {
  const [pairings, households, diaries] = await Promise.all(
    ["pairing", "household", "diary"].map((entity) => recordsOf(uid, entity)));
  const homes = new Map(households.map((r) => [r.id, r.data]));
  const diaryMap = byHousehold(diaries);
  return pairings.map((r) => r.data)
    .filter((p) => !p.end_date && p.cadre_id === uid && homes.has(p.household_id))
    .map((pairing) => ({
      household: homes.get(pairing.household_id), pairing,
      rotation: rotationStatus(pairing.start_date, today),
      ...visits(diaryMap.get(pairing.household_id), today),
    }))
    .sort(compareMine);
}

/** The user's open stationings (挂职蹲点) on the phone, with their rotation status. */
export async function myStationings(uid, today = beijingToday()) {
  return (await recordsOf(uid, "stationing")).map((r) => r.data)
    .filter((s) => !s.end_date && s.cadre_id === uid)
    .map((s) => ({ ...s, rotation: rotationStatus(s.start_date, today) }));
}

/** One household on the phone: its data and status (undefined when not here). */
export function localHousehold(uid, id) {
  return recordGet(uid, "household", id);
}

/** A household's pairings (oldest first), diaries and appeals (newest first) on the phone. */
export async function history(uid, id) {
  const [pairings, diaries, appeals] = await Promise.all(
    ["pairing", "diary", "appeal"].map((entity) => recordsOf(uid, entity)));
  // Each item keeps its record's rev and status, to be weighed against the server's copy.
  const of = (records) => records.filter((r) => r.data?.household_id === id)
    .map((r) => ({ ...r.data, _rev: r.rev ?? 0, _status: r.status }));
  return {
    pairings: of(pairings).sort((a, b) => (a.start_date || "").localeCompare(b.start_date || "")
      || (a.created_at || "").localeCompare(b.created_at || "")),
    diaries: of(diaries).sort((a, b) => (b.occurred_at || "").localeCompare(a.occurred_at || "")),
    appeals: of(appeals).sort((a, b) => (b.created_at || "").localeCompare(a.created_at || "")),
  };
}

function newer(mine, theirs) {
  if (!mine) return theirs;
  if (!theirs || mine._status !== "synced") return mine; // not sent yet: the phone's is newer
  if (theirs.rev === undefined) return theirs; // pairings come without a rev: read-only here
  return mine._rev >= theirs.rev ? mine : theirs;
}

function union(mine = [], theirs = [], newestFirst, key) {
  const byId = new Map(theirs.map((item) => [item.id, item]));
  for (const item of mine) byId.set(item.id, newer(item, byId.get(item.id)));
  const sorted = [...byId.values()].sort((a, b) => (a[key] || "").localeCompare(b[key] || ""));
  return newestFirst ? sorted.reverse() : sorted;
}

/** The phone's history with what the server answered (either may be missing). */
export function mergeHistory(local, remote) {
  if (!remote) return local ?? { pairings: [], diaries: [], appeals: [] };
  return {
    pairings: union(local?.pairings, remote.pairings, false, "start_date"),
    diaries: union(local?.diaries, remote.diaries, true, "occurred_at"),
    appeals: union(local?.appeals, remote.appeals, true, "created_at"),
  };
}

/** Every household on the phone, as records. */
export function allHouseholds(uid) {
  return recordsOf(uid, "household");
}

/** The open pairings on the phone, by household id. */
export async function openPairings(uid) {
  const pairings = (await recordsOf(uid, "pairing")).map((r) => r.data);
  return new Map(pairings.filter((p) => !p.end_date).map((p) => [p.household_id, p]));
}

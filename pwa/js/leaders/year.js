// A leader's year as the phone holds it: the server's last answer of /api/leaders/me (kept
// for offline use, one per year) with the leader's own records on top — days, visits,
// receptions and reports written here and not counted by that answer yet, and the cases taken
// in at a reception still in the outbox — so 基层工作 and the home screen show at once what was
// done offline. A date counts once, whatever proves it (a logged day on
// a date a diary already proves adds nothing); the pace is the served rule's (rules.js).
import { api, ApiError } from "../api.js";
import { kvGet, kvSet, outboxEntries, recordsOf, rejectedEntries } from "../db.js";
import { beijingToday } from "../households/rules.js";
import { foldReceptions, waitingCases } from "./receptions.js";
import {
  LEADERS, datesIn, defaultDays, defaultReceptions, levelOf, overLimit, yearStanding,
} from "./rules.js";

// The records a leader writes, and what each is called in the answer.
export const ENTITIES = ["grassroots_day", "research_visit", "research_report", "reception"];

function answerKey(uid, year) {
  return `leaders:me:${uid}:${year}`;
}

/** The server's answer for year ({answer, offline, error}): fetched when refresh (and kept),
 *  else, or when the server cannot be reached, the one kept last (null when none). error: the
 *  server's refusal (an ApiError), which the kept answer does not hide. */
export async function yearAnswer(uid, year, { refresh = true } = {}) {
  let error = null;
  if (refresh) {
    try {
      const answer = await api(`/api/leaders/me?year=${year}`);
      const kept = { ...answer, fetched_at: Date.now() };
      await kvSet(answerKey(uid, year), kept).catch(() => {});
      return { answer: kept, offline: false, error };
    } catch (failure) {
      if (failure instanceof ApiError) error = failure;
    }
  }
  const answer = (await kvGet(answerKey(uid, year)).catch(() => undefined)) ?? null;
  return { answer, offline: true, error };
}

/** My records of these entities on the phone: {grassroots_day: [...], ...}. */
export async function myRecords(uid) {
  const lists = await Promise.all(ENTITIES.map((entity) => recordsOf(uid, entity)
    .catch(() => [])));
  return Object.fromEntries(ENTITIES.map((entity, i) => [entity,
    lists[i].filter((r) => r.data?.created_by === uid)]));
}

/** Whether a record of mine changes what the answer says: written here and not sent yet, or
 *  confirmed since the answer was fetched. A refused one does not (what the server kept of it,
 *  if anything, is in the answer). */
function folds(record, known) {
  if (record.status === "rejected") return false;
  return record.status !== "synced" || !known.has(record.id);
}

function localOf(record) {
  return record.status === "synced" ? null : record.status;
}

/** The days of the answer with my records folded in: [{day, sources, local}] in date order. */
function foldDays(answer, records, year) {
  const byDay = new Map((answer?.days?.list ?? []).map((d) => [d.day, [...d.sources]]));
  const known = new Set([...byDay.values()].flat().map((s) => s.id));
  const add = (day, source) => {
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(source);
  };
  const mine = [
    ...records.grassroots_day.map((r) => [r, "logged", [r.data.day], r.data.place]),
    ...records.research_visit.map((r) => [r, "visit",
      datesIn(r.data.starts_on, r.data.ends_on, year), r.data.places]),
    // A reception held proves its day; one planned or cancelled proves none.
    ...(records.reception ?? []).map((r) => [r, "reception",
      r.data.status === "held" ? [String(r.data.starts_at ?? "").slice(0, 10)] : [],
      r.data.place]),
  ];
  for (const [record, kind, dates, place] of mine) {
    if (!folds(record, known) || !dates[0]) continue;
    for (const [day, sources] of byDay) {
      const left = sources.filter((s) => s.id !== record.id);
      if (left.length) byDay.set(day, left); else byDay.delete(day);
    }
    if (record.data.deleted) continue;
    for (const day of dates.filter((d) => d.startsWith(`${year}-`))) {
      add(day, { kind, id: record.id, place: place ?? null, local: localOf(record) });
    }
  }
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([day, sources]) => ({ day, sources, local: sources.some((s) => s.local) }));
}

/** A record's own item in place of the answer's one of the same id (or added). */
function foldList(list, records, toItem, inYear) {
  const items = new Map(list.map((item) => [item.id, item]));
  const known = new Set(items.keys());
  for (const record of records) {
    if (!folds(record, known)) continue;
    items.delete(record.id);
    if (!record.data.deleted && inYear(record.data)) {
      items.set(record.id, { ...toItem(record.data), local: localOf(record) });
    }
  }
  return [...items.values()];
}

function visitItem(level) {
  return (data) => {
    const entourage = Object.fromEntries(LEADERS.entourage.map((origin) =>
      [origin, data[`entourage_${origin}`] ?? 0]));
    return { id: data.id, kind: data.kind, starts_on: data.starts_on,
      ends_on: data.ends_on || data.starts_on, places: data.places, topic: data.topic,
      entourage, over_limit: overLimit(level, entourage).length > 0,
      over_reason: data.over_reason ?? null };
  };
}

function reportItem(data) {
  return { id: data.id, title: data.title, year: data.year, has_text: Boolean(data.body),
    document: data.document ?? null, document_name: data.document_name ?? null,
    visit_ids: data.visit_ids ?? [], created_at: data.created_at ?? null };
}

/** The receptions a month asked of the leader: the answer's, else their level's default. */
function receptionsTarget(answer, level) {
  const set = answer?.targets?.receptions_per_month;
  return set !== undefined ? set : defaultReceptions(level);
}

/** The year the answer and my records make together (pure: tests and screens call it):
 *  {year, leader, contacts, targets, days {…standing, list}, visits {count, over_limit,
 *  list}, receptions {target_per_month, held, months, missed, list}, reports {count, target,
 *  met, list}, fetched_at}. waiting: the case events still in the outbox (their data). */
export function foldYear(answer, records, { year, today, user, waiting = [] }) {
  const level = answer?.leader?.level ?? levelOf(user);
  const target = answer ? answer.targets?.days_per_year ?? null : defaultDays(level);
  const list = foldDays(answer, records, year);
  const touches = (d) => d.starts_on <= `${year}-12-31` && (d.ends_on || d.starts_on)
    >= `${year}-01-01`;
  const visits = foldList(answer?.visits?.list ?? [], records.research_visit, visitItem(level),
    touches).sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  const reports = foldList(answer?.reports?.list ?? [], records.research_report, reportItem,
    (d) => Number(d.year) === year);
  const receptions = foldReceptions(answer?.receptions, records.reception ?? [], { year, today,
    target: receptionsTarget(answer, level), waiting: waitingCases(waiting), folds, localOf });
  const needed = answer?.reports?.target ?? 1;
  return {
    year, level, leader: answer?.leader ?? null, contacts: answer?.contacts ?? [],
    targets: answer?.targets ?? { days_per_year: target }, fetched_at: answer?.fetched_at ?? null,
    days: { ...yearStanding(list.length, target, year, today), list },
    visits: { count: visits.length, over_limit: visits.filter((v) => v.over_limit).length,
      list: visits },
    receptions,
    reports: { count: reports.length, target: needed, met: reports.length >= needed,
      list: reports },
  };
}

/** The case events of mine still in the outbox (their data, in the order written). */
async function waitingCaseEvents(uid) {
  const entries = await outboxEntries(uid).catch(() => []);
  return entries.filter((entry) => entry.entity === "case_event" && entry.data)
    .map((entry) => entry.data);
}

/** Everything 基层工作 draws for year: the folded year, whether it comes from a kept answer
 *  (offline), whether any answer was had at all, the server's refusal, and my refused
 *  records of these entities. */
export async function leaderYear(user, year, { refresh = true } = {}) {
  const uid = user.id;
  const [{ answer, offline, error }, records, refused, waiting] = await Promise.all([
    yearAnswer(uid, year, { refresh }), myRecords(uid), rejectedEntries(uid).catch(() => []),
    waitingCaseEvents(uid)]);
  const today = beijingToday();
  return { ...foldYear(answer, records, { year, today, user, waiting }), offline,
    answered: Boolean(answer), error,
    refused: refused.filter((e) => ENTITIES.includes(e.entity)), records };
}

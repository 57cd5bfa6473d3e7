// Cases as the phone holds them (民情台账): the case the server last sent (entity "case") with
// the user's own events that still wait in the outbox folded on top by the served rules
// (fold.js), so every screen shows at once what was done offline. Whether an event was
// superseded or refused is the server's word, and arrives with the next sync.
import { api } from "../api.js";
import {
  caseEventRecords, kvGet, kvSet, outboxEntries, recordGet, recordsOf, rejectedEntries,
} from "../db.js";
import { beijingNow } from "../households/rules.js";
import { newId, saveLocal } from "../outbox.js";
import RULES from "../rules.js";
import { makeFold } from "./fold.js";

export const LEDGER = RULES.ledger;
export const ledger = makeFold(LEDGER);
const OPEN = new Set(LEDGER.open);
// Who writes what by role (the `by` names of the transitions that are roles, not relations).
const ROLE_WRITERS = {
  leader: LEDGER.leaders,
  overseer: LEDGER.overseers,
  reader: [...LEDGER.intake_roles, ...LEDGER.overseers],
};

/** One of the user's events waiting in the outbox, as the fold takes it. */
function waitingEvent(entry, uid) {
  const { case_id: caseId, kind, at, base_n: baseN, data } = entry.data;
  return { id: entry.id, case_id: caseId, kind, at, base_n: baseN, data: data ?? {},
    created_by: uid, mid: entry.mid, saved_at: entry.saved_at };
}

/** The user's events the server has not confirmed yet, in the order written, by case id. */
export async function waitingEvents(uid) {
  const byCase = new Map();
  for (const entry of await outboxEntries(uid)) {
    if (entry.entity !== "case_event" || !entry.data?.case_id) continue;
    const event = waitingEvent(entry, uid);
    if (!byCase.has(event.case_id)) byCase.set(event.case_id, []);
    byCase.get(event.case_id).push(event);
  }
  return byCase;
}

/** What the phone needs to fold its own receive events: who writes them and the deadline
 *  table remembered from the server ({user, deadlines}). */
export async function foldContext(user) {
  const deadlines = await kvGet(`case-deadlines:${user.id}`).catch(() => undefined);
  return { user, deadlines: deadlines ?? [] };
}

/** Remember the deadline table in force at the user's node (online; quietly not offline). */
export async function learnDeadlines(uid) {
  try {
    const { rows } = await api("/api/ledger/deadlines");
    await kvSet(`case-deadlines:${uid}`, rows);
  } catch { /* offline: the table remembered last, or the served defaults */ }
}

/** {accept, close, warn} working days for a new case, as the table remembered says (the
 *  server sets them when the case arrives; this only shows its clock meanwhile). */
function daysFor(deadlines, category, urgency) {
  const row = deadlines.find((r) => r.category === category && r.urgency === urgency)
    ?? deadlines.find((r) => !r.category && r.urgency === urgency);
  if (!row) return { ...LEDGER.deadlines[urgency], warn: LEDGER.warn_days };
  return { accept: row.accept, close: row.close, warn: row.warn ?? LEDGER.warn_days };
}

/** A receive event with what the server adds to it (its node, its deadlines). */
function asReceived(event, { user, deadlines }) {
  const urgency = event.data.urgency || "normal";
  return { ...event, data: { kind: "appeal", urgency, node_id: user.node?.id ?? null,
    ...event.data, days: daysFor(deadlines, event.data.category, urgency) } };
}

/** The case after the user's waiting events, on top of the state the server last sent (null:
 *  none). An event no longer valid there is left out: the server will say why. */
export function withWaiting(state, events = [], context) {
  let current = state;
  for (const event of events) {
    const step = event.kind === "receive" ? asReceived(event, context) : event;
    if (ledger.problem(current, { ...step, by: step.created_by }) === null) {
      current = ledger.apply(current, step);
    }
  }
  return current;
}

/** Whether the user may write an event of kind on the case by who they are to it (its
 *  owner, handler, the target of its transfer, an event's author) or by their roles. */
export function mayWrite(state, kind, user, ownEvents = 0) {
  const rule = LEDGER.transitions[kind];
  if (!rule || !state) return false;
  const has = (roles) => roles.some((role) => user.roles?.includes(role));
  return rule.by.some((who) => (who === "owner" && state.owner_id === user.id)
    || (who === "handler" && state.handler_id === user.id)
    || (who === "target" && state.pending?.to_user_id === user.id)
    || (who === "author" && ownEvents > 0)
    || (ROLE_WRITERS[who] !== undefined && has(ROLE_WRITERS[who])));
}

/** The steps the user may take on the case now: valid where it stands and theirs to take. */
export function actionsFor(state, user, ownEvents = 0) {
  if (!state) return [];
  return LEDGER.phone_events.filter((kind) => kind !== "receive"
    && ledger.problem(state, { kind, by: user.id, data: {} }) === null
    && mayWrite(state, kind, user, ownEvents));
}

/** Whether the next step of the case is the user's acceptance (待我接收). */
export function toAccept(state, uid) {
  if (state.status === "transferring") return state.pending?.to_user_id === uid;
  return state.status === "received" && state.owner_id === uid;
}

function concerns(state, uid) {
  return state.owner_id === uid || state.handler_id === uid || state.pending?.to_user_id === uid;
}

/** The day an open case is due next: to accept it while it waits, else to close it. */
export function dueOf(state) {
  return (state.status === "received" ? state.accept_by : state.close_by) ?? "9999-12-31";
}

/** Overdue first, then by working days left (the day due), then the oldest: as the server
 *  orders my cases. */
function byDue(a, b) {
  return a.due.localeCompare(b.due)
    || (a.state.received_at || "").localeCompare(b.state.received_at || "");
}

/** Every case on the phone with the user's waiting events folded in: [{state, waiting}]. */
export async function localCases(uid, context) {
  const [records, waiting] = await Promise.all([recordsOf(uid, "case"), waitingEvents(uid)]);
  const cases = [];
  for (const record of records) {
    const events = waiting.get(record.id);
    cases.push({ state: events ? withWaiting(record.data, events, context) : record.data,
      waiting: Boolean(events) });
    waiting.delete(record.id);
  }
  for (const events of waiting.values()) { // received here, not yet on the server
    const state = withWaiting(null, events, context);
    if (state) cases.push({ state, waiting: true });
  }
  return cases;
}

/** The open cases the user owns, handles or is to accept: overdue first, then by working days
 *  left. Each item's clock is left to whoever draws it (withClock): a long list draws a page. */
export async function myCases(uid, context) {
  return (await localCases(uid, context))
    .filter(({ state }) => OPEN.has(state.status) && concerns(state, uid))
    .map((item) => ({ ...item, due: dueOf(item.state), toAccept: toAccept(item.state, uid) }))
    .sort(byDue);
}

/** An item of a list of cases with its clock today. */
export function withClock(item, today) {
  return { ...item, clock: ledger.clock(item.state, today) };
}

/** A household's cases on the phone, newest first (otherThan: a case to leave out). */
export async function householdCases(uid, householdId, context, otherThan = null) {
  if (!householdId) return [];
  return (await localCases(uid, context))
    .filter(({ state }) => state.household_id === householdId && state.id !== otherThan)
    .sort((a, b) => (b.state.received_at || "").localeCompare(a.state.received_at || ""));
}

/** One case as the phone holds it: {state, events, waiting}; events are its event records'
 *  data with their status (synced, pending, rejected) and a refused one's reason. */
export async function localCase(uid, caseId, context) {
  const [record, records, waiting, refused] = await Promise.all([
    recordGet(uid, "case", caseId), caseEventRecords(uid, caseId), waitingEvents(uid),
    rejectedEntries(uid)]);
  const reasons = new Map(refused.filter((entry) => entry.entity === "case_event")
    .map((entry) => [entry.id, entry.reason]));
  // Mine that the server took but that have not come back folded into the case yet (between
  // a push and the pull after it: they carry no n): folded on top, before those still
  // waiting, so that the case never steps back meanwhile.
  const waitingIds = new Set((waiting.get(caseId) ?? []).map((event) => event.id));
  const taken = records
    .filter((r) => r.status === "synced" && r.data.n == null && !waitingIds.has(r.id))
    .sort((a, b) => (a.saved_at ?? 0) - (b.saved_at ?? 0))
    .map((r) => ({ ...r.data, id: r.id, created_by: uid, data: r.data.data ?? {} }));
  const mine = [...taken, ...(waiting.get(caseId) ?? [])];
  return {
    base: record?.data ?? null, state: withWaiting(record?.data ?? null, mine, context),
    waiting: mine,
    events: records.map((r) => ({ ...r.data, id: r.id, _status: r.status,
      _saved: r.saved_at ?? 0, _reason: reasons.get(r.id) ?? null })),
  };
}

/** Write one event of a case through the outbox; baseN: how many of the case's events the
 *  phone's state holds (its own waiting ones included). Returns the event's id. */
export function writeEvent(caseId, kind, data, baseN) {
  return saveLocal("case_event", { case_id: caseId, kind, at: beijingNow(), base_n: baseN,
    data });
}

/** Take a case in (its receive event) and, when asked, accept it at once. Its id. */
export async function receiveCase(data, accept) {
  const caseId = newId();
  await writeEvent(caseId, "receive", data, 0);
  if (accept) await writeEvent(caseId, "accept", {}, 1);
  return caseId;
}

// ---- names of the people a case concerns, remembered from the server for offline use ----

function peopleKey(uid) {
  return `case-people:${uid}`;
}

/** {user id: name} remembered on the phone. */
export async function knownPeople(uid) {
  return (await kvGet(peopleKey(uid)).catch(() => undefined)) ?? {};
}

/** Remember names ({id: name}) with those already known. */
export async function learnPeople(uid, names) {
  const known = await knownPeople(uid);
  const fresh = Object.entries(names).filter(([id, name]) => name && known[id] !== name);
  if (!fresh.length) return known;
  const merged = { ...known, ...Object.fromEntries(fresh) };
  await kvSet(peopleKey(uid), merged).catch(() => {});
  return merged;
}

/** The text of each case that outbox or refused entries name, by case id: the case's own,
 *  or that of its receive event among the entries or still waiting. */
export async function caseTexts(uid, entries) {
  const events = entries.filter((entry) => entry.entity === "case_event" && entry.data?.case_id)
    .map((entry) => entry.data);
  const texts = new Map(events.filter((e) => e.kind === "receive")
    .map((e) => [e.case_id, e.data?.text ?? ""]));
  const ids = [...new Set(events.map((e) => e.case_id))].filter((id) => !texts.has(id));
  const records = await Promise.all(ids.map((id) => recordGet(uid, "case", id)
    .catch(() => undefined)));
  ids.forEach((id, i) => texts.set(id, records[i]?.data?.text ?? ""));
  return texts;
}

// A leader's receptions (定期接访, 带案下访; F9, seed §4) as the phone holds them: the kept
// answer's list with the leader's own records on top (a reception scheduled, held or
// cancelled here and not counted by that answer yet), the cases taken in at one that still
// wait in the outbox counted for it, and the months against the monthly target worked out
// again from that list by the server's rule (progress.receptions_of): a month over with fewer
// held than the target is missed. Pure: no screen, no database.

// The first statuses sort first on the screen: planned ones, soonest first, then the rest,
// latest first.
const PLANNED = "planned";
const BEIJING = "+08:00";

/** A reception's start as the form's datetime-local value (YYYY-MM-DDTHH:MM, Beijing time:
 *  the server keeps and the phone writes them so). */
export function startsAtValue(iso) {
  return String(iso ?? "").slice(0, 16);
}

/** A datetime-local value as the ISO time the server takes (Beijing time, with its offset). */
export function startsAtIso(value) {
  return `${startsAtValue(value)}:00${BEIJING}`;
}

/** A reception's record data as an item of the list the answer gives. */
export function receptionItem(data) {
  const startsAt = data.starts_at ?? "";
  return { id: data.id, kind: data.kind, starts_at: startsAt, month: startsAt.slice(0, 7),
    place: data.place ?? "", topic: data.topic ?? null, public: Boolean(data.public),
    status: data.status ?? PLANNED, visitors: data.visitors ?? null, cases: 0, cases_taken: 0,
    cases_closed: 0 };
}

/** The cases taken in at each reception that wait in the outbox (case events' data, in the
 *  order written): {reception id: {cases, taken}}. */
export function waitingCases(events) {
  const byCase = new Map();
  const counts = {};
  for (const event of events) {
    const receptionId = event.kind === "receive" ? event.data?.reception_id : null;
    if (receptionId) {
      byCase.set(event.case_id, receptionId);
      counts[receptionId] ??= { cases: 0, taken: 0 };
      counts[receptionId].cases += 1;
    } else if (event.kind === "take" && byCase.has(event.case_id)) {
      counts[byCase.get(event.case_id)].taken += 1;
    }
  }
  return counts;
}

/** Planned ones first, soonest first; then those held or cancelled, latest first. */
export function byAgenda(a, b) {
  const planned = (item) => (item.status === PLANNED ? 0 : 1);
  return planned(a) - planned(b) || (planned(a) === 0
    ? a.starts_at.localeCompare(b.starts_at) : b.starts_at.localeCompare(a.starts_at));
}

/** Each month of year: how many held and planned, and whether it is missed (over before
 *  today's month with fewer held than target). */
export function receptionMonths(list, year, today, target) {
  const current = today.slice(0, 7);
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, "0")}`;
    const mine = list.filter((r) => r.month === month);
    const held = mine.filter((r) => r.status === "held").length;
    return { month, held, planned: mine.filter((r) => r.status === PLANNED).length,
      short: Boolean(target) && month < current && held < target };
  });
}

/** The receptions of year the answer and my records make together: {target_per_month,
 *  held, months, missed, list}. folds(record, known) and localOf(record) say whether a
 *  record of mine counts over the answer and where it stands on the phone (year.js). */
export function foldReceptions(answered, records, { year, today, target, waiting = {}, folds,
  localOf }) {
  const items = new Map((answered?.list ?? []).map((item) => [item.id, item]));
  const known = new Set(items.keys());
  for (const record of records) {
    if (!folds(record, known)) continue;
    const before = items.get(record.id);
    items.delete(record.id);
    if (record.data.deleted || !String(record.data.starts_at ?? "").startsWith(`${year}-`)) {
      continue;
    }
    const counts = before ? { cases: before.cases, cases_taken: before.cases_taken,
      cases_closed: before.cases_closed } : {};
    items.set(record.id, { ...receptionItem(record.data), ...counts, local: localOf(record) });
  }
  const list = [...items.values()].map((item) => {
    const extra = waiting[item.id];
    return extra ? { ...item, cases: item.cases + extra.cases,
      cases_taken: item.cases_taken + extra.taken, waiting_cases: extra.cases } : item;
  }).sort(byAgenda);
  const months = receptionMonths(list, year, today, target);
  return { target_per_month: target, held: months.reduce((sum, m) => sum + m.held, 0), months,
    missed: months.filter((m) => m.short).map((m) => m.month), list };
}

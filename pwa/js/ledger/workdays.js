// The working-day calendar that appeal deadlines (限时办结) count in, as the server serves it
// (qzapp/ledger/workdays.py served()): the Monday-to-Friday days that are holidays ("off") and
// the weekend days that are make-up working days ("on", 调休) of the years it sends. No holiday
// is written here: they change every year. Days outside those years, before as after, count
// Monday to Friday. Days are "YYYY-MM-DD" strings, reckoned in UTC day numbers so that no
// time zone moves them.

const DAY_MS = 24 * 3600 * 1000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function mod(a, b) {
  return ((a % b) + b) % b;
}

/** Days since 1970-01-01 of a "YYYY-MM-DD" string; RangeError for anything else. */
function dayNumber(day) {
  const match = ISO_DAY.exec(day);
  if (match !== null) {
    const [year, month, date] = match.slice(1).map(Number);
    const number = Date.UTC(year, month - 1, date) / DAY_MS;
    if (isoDay(number) === day) return number;  // not a 30th of February
  }
  throw new RangeError(`not a day: ${day}`);
}

function isoDay(number) {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

// Day 4 (1970-01-05) is a Monday; 0 is Monday … 6 Sunday.
function weekday(number) {
  return mod(number + 3, 7);
}

// Monday-to-Friday days from a fixed origin through day number; only differences count.
function weekdaysThrough(number) {
  const t = number - 3;
  return Math.floor(t / 7) * 5 + Math.min(mod(t, 7), 5);
}

// How many of the sorted numbers are at most number.
function countThrough(sorted, number) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= number) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The calendar of a served() object: {isKnown, isWorkday, addWorkdays, workdaysBetween},
 *  each on "YYYY-MM-DD" strings, as the server's qzapp/ledger/workdays.py. */
export function makeCalendar(served) {
  const off = served.off.map(dayNumber).sort((a, b) => a - b);
  const on = served.on.map(dayNumber).sort((a, b) => a - b);
  const offSet = new Set(off);
  const onSet = new Set(on);

  const workdayAt = (number) => onSet.has(number) || (weekday(number) < 5 && !offSet.has(number));
  const workdaysThrough = (number) =>
    weekdaysThrough(number) - countThrough(off, number) + countThrough(on, number);

  /** Whether day falls in a year whose holidays were served. */
  function isKnown(day) {
    const year = new Date(dayNumber(day) * DAY_MS).getUTCFullYear();
    return served.first_year <= year && year <= served.last_year;
  }

  /** Whether day is a working day: as served in known years, Monday–Friday otherwise. */
  function isWorkday(day) {
    return workdayAt(dayNumber(day));
  }

  /** The n-th workday after start; for n = 0, start itself if a workday, else the next. */
  function addWorkdays(start, n) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count of days: ${n}`);
    const first = dayNumber(start);
    if (n === 0 && workdayAt(first)) return start;
    const target = workdaysThrough(first) + Math.max(n, 1);
    let number = first;
    // A day adds at most one workday: stepping by the shortfall never passes the answer.
    for (let short = target - workdaysThrough(number); short > 0;
      short = target - workdaysThrough(number)) {
      number += short;
    }
    return isoDay(number);
  }

  /** Workdays d with a < d <= b; when b is before a, minus those with b < d <= a (the
   *  working days left until deadline b on day a, negative once it is overdue). */
  function workdaysBetween(a, b) {
    return workdaysThrough(dayNumber(b)) - workdaysThrough(dayNumber(a));
  }

  return { isKnown, isWorkday, addWorkdays, workdaysBetween };
}

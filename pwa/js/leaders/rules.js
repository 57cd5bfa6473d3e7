// The rules of leaders' grassroots work as the phone applies them, from the server's served
// rules (qzapp/leaders/rules.py, RULES.leaders): a leader's level, the entourage rule of a
// research visit (over_limit) and the pace against a yearly target of days (pace). Each is
// written once here, in the same steps as the Python, and tests/browser/test_leaders_rules.py
// runs one table of cases through both. Imports nothing but the served rules.
import RULES from "../rules.js";

export const LEADERS = RULES.leaders;
// The records' limits as the server serves them (qzapp/leaders/rules.py): the phone sizes
// its inputs and checks the text with them; the server judges.
export const LIMITS = {
  photos_max: LEADERS.max.photos, text_max: LEADERS.max.text, place_max: LEADERS.max.place,
  title_max: LEADERS.max.title, report_max: LEADERS.max.report,
  document_name_max: LEADERS.max.document_name, visitors_max: LEADERS.visitors_max,
};
const DAY_MS = 24 * 3600 * 1000;

/** A leader's level: the kind of their org node when it is a level (province, city, county,
 *  township), else null (records.level_of). */
export function levelOf(user) {
  const kind = user?.node?.kind;
  return LEADERS.levels.includes(kind) ? kind : null;
}

/** The origins whose entourage exceeds the rule for a visit by a leader of level, in the
 *  served order (empty when within it or when the level has no rule). entourage:
 *  {provincial, city, county} head counts; missing or empty counts as 0. */
export function overLimit(level, entourage, limits = LEADERS.entourage_limits) {
  const rule = (level && limits[level]) || {};
  return LEADERS.entourage.filter((origin) => Object.hasOwn(rule, origin)
    && (Number(entourage?.[origin]) || 0) > rule[origin]);
}

/** The days a year asked of a leader of level when no node sets them (days_target). */
export function defaultDays(level) {
  return LEADERS.default_days[level] ?? null;
}

/** The receptions a month asked of a leader of level when no node sets them
 *  (receptions_target). */
export function defaultReceptions(level) {
  return LEADERS.default_receptions[level] ?? null;
}

/** x rounded to one decimal as Python's round(x, 1) does: the exact binary value rounded
 *  correctly, an exact tie (x an odd number of quarters) to the even tenth. */
export function roundTenth(x) {
  const quarters = x * 4;
  if (Number.isInteger(quarters) && quarters % 2 !== 0) {
    const low = Math.floor(x * 10);
    return (low % 2 === 0 ? low : low + 1) / 10;
  }
  return Number(x.toFixed(1));
}

function dayNumber(isoDay) {
  const [y, m, d] = isoDay.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** Where a leader stands against a yearly target on a day (YYYY-MM-DD) of the year:
 *  {target, count, remaining, expected (by that day, pro rata), behind, days_left, per_week
 *  (days a week still needed)}; {target: null, count} with no target (rules.pace). */
export function pace(count, target, today) {
  if (!target) return { target: null, count };
  const year = Number(today.slice(0, 4));
  const start = dayNumber(`${year}-01-01`);
  const daysInYear = dayNumber(`${year + 1}-01-01`) - start;
  const elapsed = dayNumber(today) - start + 1;
  const left = daysInYear - elapsed + 1; // today included
  const remaining = Math.max(target - count, 0);
  const expected = Math.floor((target * elapsed) / daysInYear);
  return { target, count, remaining, expected, behind: count < expected, days_left: left,
    per_week: remaining ? roundTenth((remaining * 7) / left) : 0 };
}

/** The standing of a year that is not the current one (progress.year_of): a past year only
 *  met or not, a coming one not begun. */
export function yearStanding(count, target, year, today) {
  const thisYear = Number(today.slice(0, 4));
  if (year === thisYear) return pace(count, target, today);
  if (!target) return { target: null, count };
  return { target, count, remaining: Math.max(target - count, 0),
    behind: year < thisYear && count < target };
}

/** The dates (YYYY-MM-DD) from first to last inclusive that fall in year (a visit's days). */
export function datesIn(first, last, year) {
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if (!iso.test(first ?? "")) return [];
  const end = iso.test(last ?? "") ? last : first;
  const from = Math.max(dayNumber(first), dayNumber(`${year}-01-01`));
  const to = Math.min(dayNumber(end), dayNumber(`${year}-12-31`));
  const dates = [];
  for (let n = from; n <= to; n += 1) dates.push(new Date(n * DAY_MS).toISOString().slice(0, 10));
  return dates;
}

/** How many days a visit lasts (its first and last included). */
export function visitLength(first, last) {
  return dayNumber(last || first) - dayNumber(first) + 1;
}

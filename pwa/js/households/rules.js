// Rules of households and pairings, from the server's served rules (qzapp/households/rules.py;
// the masks as qzapp/privacy.py has them). The server stays the judge; these spare a round
// trip and work offline.
import RULES from "../rules.js";

const HOUSEHOLDS = RULES.households;
// §3 结对认亲/联村帮户: pairings and stationed cadres rotate after one to two years.
export const ROTATION_DUE_MONTHS = HOUSEHOLDS.rotation_due_months;
export const ROTATION_OVERDUE_MONTHS = HOUSEHOLDS.rotation_overdue_months;
export const DIFFICULTY_TYPES = HOUSEHOLDS.difficulty_types;
export { PAIRABLE_ROLES, REGISTER_KEEPERS, REGISTER_WRITERS } from "../roles.js";
export const OLDEST_BIRTH_YEAR = HOUSEHOLDS.oldest_birth_year;
// Full phone or ID numbers shown at most this often (the server refuses more reveals).
export const REVEALS_PER_WINDOW = HOUSEHOLDS.reveals_per_window;
export const REVEAL_WINDOW_MINUTES = HOUSEHOLDS.reveal_window_minutes;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** Now in Beijing as ISO 8601 with its offset: 2026-11-26T09:30:00+08:00. */
export function beijingNow(moment = Date.now()) {
  return `${new Date(moment + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** Today in Beijing as YYYY-MM-DD. */
export function beijingToday(moment = Date.now()) {
  return beijingNow(moment).slice(0, 10);
}

function pad(n) {
  return String(n).padStart(2, "0");
}

/** The same day `months` later (the month's last day when it has no such day). */
export function addMonths(day, months) {
  const [year, month, date] = day.split("-").map(Number);
  const index = month - 1 + months;
  const y = year + Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${pad(m)}-${pad(Math.min(date, last))}`;
}

/** "ok", "due" from 12 months after the start, "overdue" after 24 months. */
export function rotationStatus(startDate, today = beijingToday()) {
  if (!startDate) return "ok";
  if (today > addMonths(startDate, ROTATION_OVERDUE_MONTHS)) return "overdue";
  if (today >= addMonths(startDate, ROTATION_DUE_MONTHS)) return "due";
  return "ok";
}

function validDate(year, month, day) {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** null for a valid 18-character resident ID number (GB 11643), else a catalogue key. */
export function idNumberProblem(number, today = beijingToday()) {
  if (!/^\d{17}[\dX]$/.test(number)) return "household.id_format";
  const [year, month, day] = [number.slice(6, 10), number.slice(10, 12), number.slice(12, 14)]
    .map(Number);
  const born = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (!validDate(year, month, day) || year < OLDEST_BIRTH_YEAR || born > today) {
    return "household.id_birth_date";
  }
  const total = ID_WEIGHTS.reduce((sum, weight, i) => sum + weight * Number(number[i]), 0);
  return ID_CHECK[total % 11] === number[17] ? null : "household.id_checksum";
}

/** Whether the user may show one more full phone or ID number, given the reveals they made
 *  (their revealed_at), as the server counts them. */
export function mayReveal(revealedAt, moment = Date.now()) {
  const since = moment - REVEAL_WINDOW_MINUTES * 60 * 1000;
  return revealedAt.filter((at) => Date.parse(at) > since).length < REVEALS_PER_WINDOW;
}

/** 13812341234 → 138****1234 (as qzapp/privacy.py mask_phone). */
export function maskPhone(phone) {
  if (!phone) return phone;
  if (phone.length <= 7) return phone[0] + "*".repeat(phone.length - 1);
  return phone.slice(0, 3) + "*".repeat(phone.length - 7) + phone.slice(-4);
}

/** 510104199001011234 → 5101**********1234 (as qzapp/privacy.py mask_id_number). */
export function maskIdNumber(number) {
  if (!number) return number;
  if (number.length <= 8) return "*".repeat(number.length);
  return number.slice(0, 4) + "*".repeat(number.length - 8) + number.slice(-4);
}

/** UTC calendar dates as `YYYY-MM-DD` strings, and the arithmetic the insights API needs on them. */

const DAY_MS = 86_400_000;

/** Milliseconds since the epoch of a `YYYY-MM-DD` UTC date. */
function toMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** True for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is not). */
export function isIsoDate(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const ms = toMs(day);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

/** The date `n` days after `day` (before, for a negative `n`). */
export function addDays(day: string, n: number): string {
  return new Date(toMs(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included: 1 when they are the same day, 0 or less when `to` is before `from`. */
export function daysInclusive(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS) + 1;
}

/** Every date from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = 0, n = daysInclusive(from, to); i < n; i++) out.push(addDays(from, i));
  return out;
}

/** The ISO 8601 week of a date, weeks starting on Monday: `2026-W48` (the year is the ISO week-numbering year). */
export function isoWeek(day: string): string {
  const date = new Date(toMs(day));
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  // The Thursday of this week decides the year, and its day of the year the week number.
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

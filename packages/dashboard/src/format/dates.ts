/** UTC calendar dates as `YYYY-MM-DD`, as the insights API takes and answers them. */

const DAY_MS = 86_400_000;
const toMs = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/** Today in UTC: the day the server's counters are on. */
export function todayUtc(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(toMs(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysInclusive(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS) + 1;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const ms = toMs(day);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

const short = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const long = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const stamp = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

/** `2026-11-03` → `Nov 3`; an ISO week `2026-W48` → `W48`. */
export function formatDayKey(key: string): string {
  const week = /^\d{4}-W(\d{2})$/.exec(key);
  if (week) return `W${week[1]}`;
  return isIsoDate(key) ? short.format(toMs(key)) : key;
}

/** `2026-11-03` → `Nov 3, 2026`. */
export function formatDay(day: string): string {
  return isIsoDate(day) ? long.format(toMs(day)) : day;
}

/** An ISO timestamp → `Nov 3, 14:02` (UTC). */
export function formatTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? stamp.format(ms) : iso;
}

import { DeadLetterQueryError } from './dead-letter-query-error.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d+)(s|m|h|d|w)$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * The earliest failure time (epoch ms) that `since` lets through: an ISO date (`2026-11-20`, midnight UTC) or
 * date-time (`2026-11-20T10:00:00Z`; without an offset, local time), or a duration back from `now`
 * (`90s`, `30m`, `2h`, `7d`, `2w`). A `Date` is taken as it is.
 */
export function parseSince(since: string | Date, now: number = Date.now()): number {
  if (since instanceof Date) {
    const ms = since.getTime();
    if (Number.isNaN(ms)) throw new DeadLetterQueryError('since is an invalid Date');
    return ms;
  }
  const text = since.trim();
  const duration = DURATION.exec(text.toLowerCase());
  if (duration) {
    const amount = Number(duration[1]);
    if (amount <= 0) throw new DeadLetterQueryError(`since "${since}" is not a positive duration`);
    return now - amount * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
  }
  if (ISO.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return ms;
  }
  throw new DeadLetterQueryError(
    `since "${since}" is neither an ISO date/time (2026-11-20, 2026-11-20T10:00:00Z) nor a duration (30m, 2h, 7d)`,
  );
}

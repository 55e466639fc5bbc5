const DAY_MS = 24 * 60 * 60_000;

/** Milliseconds since local midnight of `time` in `timeZone` (an IANA name such as `Europe/Berlin`). */
function sinceLocalMidnight(time: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + (((time % 1000) + 1000) % 1000);
}

/**
 * How long from `now` until the next midnight in `timeZone`: when HubSpot's daily API allowance starts again
 * (it resets at midnight in the account's time zone). Days with a daylight-saving change are handled by checking
 * the wall clock at the candidate instant and correcting by what it shows.
 */
export function msUntilMidnight(now: number, timeZone: string): number {
  let wait = DAY_MS - sinceLocalMidnight(now, timeZone);
  const off = sinceLocalMidnight(now + wait, timeZone);
  if (off !== 0) wait += off < DAY_MS / 2 ? -off : DAY_MS - off;
  return Math.max(1_000, wait);
}

/** Whether `Intl` knows the time zone; for config validation. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

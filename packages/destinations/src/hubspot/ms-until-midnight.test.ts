import { describe, expect, it } from 'vitest';
import { isTimeZone, msUntilMidnight } from './ms-until-midnight.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('msUntilMidnight', () => {
  it('counts to the next midnight in the time zone', () => {
    expect(msUntilMidnight(at('2026-11-23T22:00:00Z'), 'UTC')).toBe(2 * HOUR);
    expect(msUntilMidnight(at('2026-11-23T22:00:00.250Z'), 'UTC')).toBe(2 * HOUR - 250);
    expect(msUntilMidnight(at('2026-11-23T22:00:00Z'), 'America/New_York')).toBe(7 * HOUR);
    expect(msUntilMidnight(at('2026-11-23T22:00:00Z'), 'Europe/Berlin')).toBe(1 * HOUR);
    expect(msUntilMidnight(at('2026-11-23T22:00:00Z'), 'Asia/Kolkata')).toBe(20.5 * HOUR);
  });

  it('a whole day from midnight itself', () => {
    expect(msUntilMidnight(at('2026-11-24T00:00:00Z'), 'UTC')).toBe(24 * HOUR);
  });

  it('over a daylight-saving change: the day before New York springs forward, and before Berlin falls back', () => {
    // Sat 2026-03-07 20:00 EST → midnight EST, before the 02:00 change.
    expect(msUntilMidnight(at('2026-03-08T01:00:00Z'), 'America/New_York')).toBe(4 * HOUR);
    // Sun 2026-03-08 12:00 EDT → Mon 00:00 EDT: 12 h (the day itself had 23).
    expect(msUntilMidnight(at('2026-03-08T16:00:00Z'), 'America/New_York')).toBe(12 * HOUR);
    // Sun 2026-10-25 00:30 CEST→ the next midnight is Mon 00:00 CET: 24.5 h on a 25 h day.
    expect(msUntilMidnight(at('2026-10-24T22:30:00Z'), 'Europe/Berlin')).toBe(24.5 * HOUR);
  });

  it('knows which time zones exist', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { DeadLetterQueryError } from './dead-letter-query-error.js';
import { parseSince } from './parse-since.js';

const now = Date.parse('2026-11-23T12:00:00.000Z');

describe('parseSince', () => {
  it('reads durations back from now', () => {
    expect(parseSince('90s', now)).toBe(now - 90_000);
    expect(parseSince('30m', now)).toBe(now - 30 * 60_000);
    expect(parseSince('2h', now)).toBe(now - 2 * 3_600_000);
    expect(parseSince('7d', now)).toBe(Date.parse('2026-11-16T12:00:00.000Z'));
    expect(parseSince('2w', now)).toBe(Date.parse('2026-11-09T12:00:00.000Z'));
    expect(parseSince(' 2H ', now)).toBe(now - 2 * 3_600_000);
  });

  it('reads ISO dates and date-times', () => {
    expect(parseSince('2026-11-20', now)).toBe(Date.parse('2026-11-20T00:00:00Z'));
    expect(parseSince('2026-11-20T10:30:00Z', now)).toBe(Date.parse('2026-11-20T10:30:00Z'));
    expect(parseSince('2026-11-20T10:30:00.250+02:00', now)).toBe(Date.parse('2026-11-20T08:30:00.250Z'));
    expect(parseSince('2026-11-20T10:30', now)).toBe(new Date(2026, 10, 20, 10, 30).getTime());
  });

  it('takes a Date as it is', () => {
    expect(parseSince(new Date(now), 0)).toBe(now);
  });

  it('refuses anything else with a message that says what it takes', () => {
    for (const bad of ['', 'yesterday', '2h30m', '-2h', '0m', '10y', '2026-13-45', '20261120', '1700000000000']) {
      expect(() => parseSince(bad, now), bad).toThrow(DeadLetterQueryError);
    }
    expect(() => parseSince('soon', now)).toThrow(/ISO date\/time .* nor a duration \(30m, 2h, 7d\)/);
  });
});

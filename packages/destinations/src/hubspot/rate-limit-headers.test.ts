import { describe, expect, it } from 'vitest';
import { intervalMs, rateLimitWait } from './rate-limit-headers.js';

const now = Date.parse('2026-11-23T18:00:00Z');

describe('rate-limit headers', () => {
  it('no wait while there is room', () => {
    expect(rateLimitWait({ 'x-hubspot-ratelimit-remaining': '12', 'x-hubspot-ratelimit-daily-remaining': '1000' }, now, 'UTC')).toBeUndefined();
    expect(rateLimitWait({}, now, 'UTC')).toBeUndefined();
  });

  it('one window when the rolling allowance is used up', () => {
    expect(rateLimitWait({ 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000' }, now, 'UTC')).toMatchObject({ waitMs: 10_000 });
    expect(rateLimitWait({ 'x-hubspot-ratelimit-remaining': '0' }, now, 'UTC')).toMatchObject({ waitMs: 10_000 });
  });

  it('until midnight in the account time zone when the daily allowance is used up, whatever the window says', () => {
    const wait = rateLimitWait({ 'x-hubspot-ratelimit-daily-remaining': '0', 'x-hubspot-ratelimit-remaining': '0' }, now, 'America/Los_Angeles');
    expect(wait).toMatchObject({ waitMs: 14 * 3_600_000, reason: expect.stringContaining('America/Los_Angeles') });
  });

  it('a second for the older per-second header', () => {
    expect(rateLimitWait({ 'x-hubspot-ratelimit-secondly-remaining': '0' }, now, 'UTC')).toMatchObject({ waitMs: 1_000 });
  });

  it('ignores what is not a number', () => {
    expect(rateLimitWait({ 'x-hubspot-ratelimit-remaining': 'none' }, now, 'UTC')).toBeUndefined();
    expect(intervalMs({ 'x-hubspot-ratelimit-interval-milliseconds': ['1000', '2000'] })).toBe(1_000);
    expect(intervalMs({ 'x-hubspot-ratelimit-interval-milliseconds': '0' })).toBe(10_000);
  });
});

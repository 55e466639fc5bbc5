import { describe, expect, it } from 'vitest';
import { exhaustedForMs, rateLimitsOf, throttleWaitMs } from './zendesk-rate-limit.js';

const ticketing = {
  'x-rate-limit': '700',
  'ratelimit-limit': '700',
  'x-rate-limit-remaining': '699',
  'ratelimit-remaining': '699',
  'ratelimit-reset': '41',
  'zendesk-ratelimit-tickets-index': 'total=100; remaining=99; resets=41',
};

describe('Zendesk rate-limit headers', () => {
  it('reads the account limit and endpoint limits', () => {
    expect(rateLimitsOf(ticketing)).toEqual([
      { scope: 'account', limit: 700, remaining: 699, resetMs: 41_000 },
      { scope: 'tickets-index', limit: 100, remaining: 99, resetMs: 41_000 },
    ]);
    expect(rateLimitsOf({ 'x-rate-limit': '200', 'x-rate-limit-remaining': '0' })).toEqual([{ scope: 'account', limit: 200, remaining: 0 }]);
    expect(rateLimitsOf({ 'content-type': 'application/json' })).toEqual([]);
  });

  it('says how long a used-up limit lasts, when Zendesk says when it resets', () => {
    expect(exhaustedForMs(ticketing)).toBeUndefined();
    expect(exhaustedForMs({ ...ticketing, 'ratelimit-remaining': '0', 'x-rate-limit-remaining': '0', 'ratelimit-reset': '12' })).toBe(12_000);
    expect(exhaustedForMs({ 'x-rate-limit-remaining': '0' })).toBeUndefined();
    expect(exhaustedForMs({ 'zendesk-ratelimit-tickets-index': 'total=100; remaining=0; resets=30' })).toBe(30_000);
  });

  it('waits for Retry-After, else the reset of what is used up, else ratelimit-reset, else a minute', () => {
    expect(throttleWaitMs({ 'retry-after': '7', 'ratelimit-reset': '41' })).toBe(7_000);
    expect(throttleWaitMs({ 'ratelimit-remaining': '0', 'ratelimit-reset': '20' })).toBe(20_000);
    expect(throttleWaitMs({ 'ratelimit-remaining': '5', 'ratelimit-reset': '33' })).toBe(33_000);
    expect(throttleWaitMs({})).toBe(60_000);
    expect(throttleWaitMs({ 'retry-after': '999999' })).toBe(3_600_000);
  });
});

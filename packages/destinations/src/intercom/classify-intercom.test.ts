import { describe, expect, it } from 'vitest';
import { classifyIntercom, intercomErrorText, intercomRateLimitPause, intercomWaitMs } from './classify-intercom.js';

const errorList = (code: string, message: string) =>
  JSON.stringify({ type: 'error.list', request_id: 'req-1', errors: [{ code, message }] });
const answer = (status: number, body = '', headers: Record<string, string> = {}) => ({ status, headers, body });
const now = Date.parse('2026-11-23T10:00:00Z');
const nowSeconds = now / 1000;

describe('classifyIntercom', () => {
  it.each([
    [202, '', 'ok'],
    [200, '', 'ok'],
    [401, errorList('unauthorized', 'Access Token Invalid'), 'auth'],
    [403, errorList('api_plan_restricted', 'Active subscription needed.'), 'auth'],
    [404, errorList('not_found', 'User Not Found'), 'rejected'],
    [409, errorList('conflict', 'Multiple existing users match this email address'), 'rejected'],
    [400, errorList('parameter_invalid', 'Invalid event_name'), 'rejected'],
    [422, errorList('unprocessable_entity', 'Invalid'), 'rejected'],
    [406, '', 'rejected'],
    [408, '', 'retry'],
    [500, errorList('server_error', 'Server Error'), 'retry'],
    [502, '<html>Bad Gateway</html>', 'retry'],
    [503, errorList('service_unavailable', 'Sorry, the API service is temporarily unavailable'), 'retry'],
    [504, '', 'retry'],
    [429, errorList('rate_limit_exceeded', 'Exceeded rate limit of 167 in 10_seconds'), 'throttled'],
  ])('HTTP %i is %s', (status, body, kind) => {
    expect(classifyIntercom(answer(status, body), now).kind).toBe(kind);
  });

  it('keeps Intercom’s error code and message in the reason', () => {
    expect(classifyIntercom(answer(404, errorList('not_found', 'User Not Found')), now)).toMatchObject({
      reason: expect.stringContaining('not_found: User Not Found (request req-1)'),
    });
  });

  it('waits until X-RateLimit-Reset on 429, or Retry-After when given, or one 10-second window', () => {
    const reset = { 'x-ratelimit-limit': '167', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 7) };
    expect(classifyIntercom(answer(429, '', reset), now)).toMatchObject({ kind: 'throttled', waitMs: 8_000 });
    expect(intercomWaitMs({ ...reset, 'retry-after': '3' }, now)).toBe(3_000);
    expect(intercomWaitMs({}, now)).toBe(10_000);
    // A reset already past (clocks differ) still waits a moment rather than hammering.
    expect(intercomWaitMs({ 'x-ratelimit-reset': String(nowSeconds - 30) }, now)).toBe(1_000);
  });
});

describe('intercomRateLimitPause', () => {
  it('pauses only when the window is used up and its reset is ahead', () => {
    expect(intercomRateLimitPause({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 4) }, now)).toBe(5_000);
    expect(intercomRateLimitPause({ 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(nowSeconds + 4) }, now)).toBeUndefined();
    expect(intercomRateLimitPause({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds - 5) }, now)).toBeUndefined();
    expect(intercomRateLimitPause({}, now)).toBeUndefined();
  });
});

describe('intercomErrorText', () => {
  it('reads Intercom’s error list, or falls back to the start of the body', () => {
    expect(intercomErrorText(JSON.stringify({ type: 'error.list', errors: [{ code: 'a', message: 'b' }, { code: 'c' }] }))).toBe('a: b; c');
    expect(intercomErrorText('<html>\n  upstream   error</html>')).toBe('<html> upstream error</html>');
    expect(intercomErrorText('')).toBe('');
  });
});

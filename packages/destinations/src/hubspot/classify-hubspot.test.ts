import { describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../send-request.js';
import { classifyHubSpot, isRequestWide } from './classify-hubspot.js';

const context = { now: Date.parse('2026-11-23T20:00:00Z'), dailyResetTimeZone: 'UTC' };
const answer = (status: number, body: object | string = '', headers: HttpAnswer['headers'] = {}): HttpAnswer => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const limit = (policyName: string, message: string) => ({ status: 'error', message, errorType: 'RATE_LIMIT', correlationId: 'c-1', policyName });

describe('classifyHubSpot', () => {
  it('2xx is ok', () => {
    expect(classifyHubSpot(answer(200), context)).toEqual({ kind: 'ok', status: 200 });
    expect(classifyHubSpot(answer(207), context)).toEqual({ kind: 'ok', status: 207 });
  });

  it('429: Retry-After first, else by the policy in the body', () => {
    expect(classifyHubSpot(answer(429, limit('DAILY', 'You have reached your daily limit.'), { 'retry-after': '30' }), context)).toMatchObject({ kind: 'throttled', waitMs: 30_000 });
    expect(classifyHubSpot(answer(429, limit('TEN_SECONDLY_ROLLING', 'ten'), { 'x-hubspot-ratelimit-interval-milliseconds': '10000' }), context)).toMatchObject({ waitMs: 10_000 });
    expect(classifyHubSpot(answer(429, limit('DAILY', 'You have reached your daily limit.')), context)).toMatchObject({ waitMs: 4 * 3_600_000, reason: expect.stringContaining('RATE_LIMIT DAILY') });
    expect(classifyHubSpot(answer(429, limit('DAILY', 'daily')), { ...context, dailyResetTimeZone: 'Asia/Tokyo' })).toMatchObject({ waitMs: 19 * 3_600_000 });
    expect(classifyHubSpot(answer(429, limit('SECONDLY', 'You have reached your secondly limit.')), context)).toMatchObject({ waitMs: 1_000 });
    expect(classifyHubSpot(answer(429, { status: 'error', message: 'You have reached your daily limit.' }), context)).toMatchObject({ waitMs: 4 * 3_600_000 });
    expect(classifyHubSpot(answer(429, 'busy'), context)).toMatchObject({ kind: 'throttled', waitMs: 10_000, reason: 'HTTP 429: busy' });
  });

  it('423 waits at least two seconds; 477 its Retry-After', () => {
    expect(classifyHubSpot(answer(423), context)).toMatchObject({ kind: 'throttled', waitMs: 2_000 });
    expect(classifyHubSpot(answer(423, '', { 'retry-after': '5' }), context)).toMatchObject({ waitMs: 5_000 });
    // Retry-After is read up to an hour at a time: a long migration is checked again hourly, spending no attempt.
    expect(classifyHubSpot(answer(477, '', { 'retry-after': '86400' }), context)).toMatchObject({ kind: 'throttled', waitMs: 3_600_000 });
  });

  it('401 and 403 are auth, naming the missing scopes', () => {
    expect(classifyHubSpot(answer(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' }), context)).toMatchObject({ kind: 'auth', status: 401 });
    const scopes = { status: 'error', message: 'missing scopes', category: 'MISSING_SCOPES', errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: ['crm.objects.contacts.write'] } }] };
    expect(classifyHubSpot(answer(403, scopes), context)).toMatchObject({ kind: 'auth', status: 403, reason: expect.stringContaining('crm.objects.contacts.write') });
  });

  it('408 and 5xx are retried; other 4xx and redirects rejected', () => {
    for (const status of [408, 500, 502, 503, 504, 521, 524]) expect(classifyHubSpot(answer(status), context).kind).toBe('retry');
    for (const status of [400, 404, 409, 414, 415]) expect(classifyHubSpot(answer(status), context).kind).toBe('rejected');
    expect(classifyHubSpot(answer(301), context)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('redirects') });
  });
});

describe('isRequestWide', () => {
  it('a missing property or a non-unique id property concerns every input', () => {
    expect(isRequestWide(answer(400, { message: 'x', category: 'VALIDATION_ERROR', errors: [{ message: 'Property "a" does not exist', code: 'PROPERTY_DOESNT_EXIST' }] }))).toBe(true);
    expect(isRequestWide(answer(400, { message: 'Unable to perform update/upsert by non-unique 0-46 property x in portal ID 1', category: 'VALIDATION_ERROR' }))).toBe(true);
    expect(isRequestWide(answer(400, { message: 'Email address x@ is invalid', category: 'VALIDATION_ERROR' }))).toBe(false);
    expect(isRequestWide(answer(409, { message: 'does not exist' }))).toBe(false);
  });
});

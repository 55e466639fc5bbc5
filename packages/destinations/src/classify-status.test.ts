import { describe, expect, it } from 'vitest';
import { classifyStatus, retryAfterMs } from './classify-status.js';

describe('classifyStatus', () => {
  it.each([
    [200, 'ok'], [202, 'ok'], [204, 'ok'],
    [408, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry'], [504, 'retry'],
    [429, 'throttled'],
    [401, 'auth'], [403, 'auth'],
    [400, 'rejected'], [404, 'rejected'], [410, 'rejected'], [422, 'rejected'], [301, 'rejected'], [307, 'rejected'],
  ])('HTTP %i is %s', (status, kind) => {
    expect(classifyStatus(status, {}).kind).toBe(kind);
  });

  it('waits as long as Retry-After says on 429, in seconds or as a date', () => {
    expect(classifyStatus(429, { 'retry-after': '7' })).toMatchObject({ kind: 'throttled', waitMs: 7_000 });
    expect(classifyStatus(429, {})).toMatchObject({ kind: 'throttled', waitMs: 60_000 });
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(retryAfterMs('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('keeps the start of the answer as the reason', () => {
    expect(classifyStatus(422, {}, '{"message":"missing field"}')).toMatchObject({ reason: 'HTTP 422: {"message":"missing field"}' });
  });
});

describe('retryAfterMs', () => {
  it('never asks for less than a second or more than an hour', () => {
    expect(retryAfterMs('0')).toBe(1_000);
    expect(retryAfterMs('99999999')).toBe(3_600_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(1_000);
  });

  it('ignores what is neither delta-seconds nor an HTTP date', () => {
    expect(retryAfterMs('1.5')).toBeUndefined();
    expect(retryAfterMs('-1')).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../send-request.js';
import { classifyZendesk, zendeskErrorText } from './classify-zendesk.js';

const answer = (status: number, body: unknown = '', headers: HttpAnswer['headers'] = {}): HttpAnswer => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const recordInvalid = {
  error: 'RecordInvalid',
  description: 'Record validation errors',
  details: { requester: [{ description: 'Requester: Email is invalid', error: 'InvalidValue' }] },
};

describe('classifyZendesk', () => {
  it('takes 2xx as delivered', () => {
    expect(classifyZendesk(answer(201, { ticket: { id: 1 } }))).toEqual({ kind: 'ok', status: 201 });
  });

  it('waits on 429 for Retry-After, else the rate-limit reset, else a minute', () => {
    expect(classifyZendesk(answer(429, 'Number of allowed API requests per minute exceeded', { 'retry-after': '93' }))).toMatchObject({
      kind: 'throttled', status: 429, waitMs: 93_000, reason: expect.stringContaining('per minute exceeded'),
    });
    expect(classifyZendesk(answer(429, '', { 'ratelimit-remaining': '0', 'ratelimit-reset': '41' }))).toMatchObject({ waitMs: 41_000 });
    expect(classifyZendesk(answer(429))).toMatchObject({ kind: 'throttled', waitMs: 60_000 });
  });

  it('waits on a 503 that says how long, retries one that does not', () => {
    expect(classifyZendesk(answer(503, '', { 'retry-after': '5' }))).toMatchObject({ kind: 'throttled', status: 503, waitMs: 5_000 });
    expect(classifyZendesk(answer(503, 'Service Unavailable'))).toMatchObject({ kind: 'retry', status: 503 });
  });

  it('pauses on refused credentials', () => {
    expect(classifyZendesk(answer(401, { error: "Couldn't authenticate you" }))).toMatchObject({
      kind: 'auth', status: 401, reason: expect.stringContaining("Couldn't authenticate you"),
    });
    expect(classifyZendesk(answer(403, { error: { title: 'Forbidden', message: 'You do not have access to this page.' } }))).toMatchObject({
      kind: 'auth', status: 403, reason: expect.stringContaining('Forbidden: You do not have access'),
    });
  });

  it('retries timeouts, conflicts and server errors', () => {
    for (const status of [408, 409, 500, 502, 504]) expect(classifyZendesk(answer(status)).kind).toBe('retry');
  });

  it('rejects what Zendesk refuses, saying why', () => {
    expect(classifyZendesk(answer(422, recordInvalid))).toEqual({
      kind: 'rejected',
      status: 422,
      reason: 'Zendesk answered HTTP 422: RecordInvalid — Record validation errors — requester: Requester: Email is invalid',
    });
    expect(classifyZendesk(answer(400, { error: 'IdempotentRequestError', description: "Request parameters don't match the given idempotency key" }))).toMatchObject({
      kind: 'rejected', reason: expect.stringContaining('already sent with another ticket body'),
    });
    expect(classifyZendesk(answer(404, { error: 'RecordNotFound', description: 'Not found' }))).toMatchObject({
      kind: 'rejected', reason: expect.stringContaining('check baseUrl'),
    });
    expect(classifyZendesk(answer(301, '', { location: 'https://elsewhere' }))).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('redirects') });
  });

  it('reads text bodies and odd JSON without throwing', () => {
    expect(zendeskErrorText('  Bad\n request ')).toBe('Bad request');
    expect(zendeskErrorText('[1,2]')).toBe('[1,2]');
    expect(zendeskErrorText('{"details":{"base":[{}]}}')).toBe('base: invalid');
  });
});

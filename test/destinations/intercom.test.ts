import { readFileSync } from 'node:fs';
import type { EnrichedRecord } from '@feedloop/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { intercomBaseUrl } from '../../packages/destinations/src/intercom/intercom-base-url.js';
import { intercomDestination, type IntercomOptions } from '../../packages/destinations/src/intercom/intercom-destination.js';
import { sendRequest } from '../../packages/destinations/src/send-request.js';
import { intercomConfig } from '../../packages/runtime/src/destination-configs/intercom.js';
import { secretFrom } from '../../packages/runtime/src/secret-ref.js';
import { startIntercomServer, type IntercomFailure, type IntercomServer } from '../providers/intercom-server.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/intercom/${name}`, import.meta.url), 'utf8')) as T;
const record = (extra: Partial<EnrichedRecord> = {}): EnrichedRecord => ({ ...fixture<EnrichedRecord>('record.json'), ...extra });

let server: IntercomServer;
beforeAll(async () => {
  server = await startIntercomServer({ userIds: ['u-42', 'u-7'], emails: ['jane@example.com'] });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.problems.length = 0;
});

const destination = (extra: Partial<IntercomOptions> = {}) =>
  intercomDestination({ id: 'intercom', token: server.token, baseUrl: server.url, timeoutMs: 2_000, ...extra });

describe('intercom config', () => {
  const schema = intercomConfig(secretFrom({ INTERCOM_TOKEN: 'tok_123' }));

  it('reads the token from the environment and documents its defaults', () => {
    expect(schema.parse({ id: 'intercom', type: 'intercom', token: { env: 'INTERCOM_TOKEN' } })).toMatchObject({
      token: 'tok_123',
      region: 'us',
      version: '2.14',
      eventName: 'submitted-{metric}',
      identifyBy: 'userIdThenEmail',
      metadata: ['metric', 'value', 'bucket', 'score', 'touchpoint', 'comment', 'page_url', 'sentiment', 'topics'],
      rateLimit: { max: 500, perMs: 10_000 },
      when: {},
      timeoutMs: 15_000,
    });
  });

  it('takes a region, a base URL for a sandbox or test server, and a metadata choice', () => {
    const parsed = schema.parse({
      id: 'intercom', type: 'intercom', token: { env: 'INTERCOM_TOKEN' }, region: 'eu', baseUrl: 'http://127.0.0.1:9999',
      metadata: ['metric', 'value', 'site'], eventName: 'rated-{metric}', version: 'Unstable',
    });
    expect(parsed).toMatchObject({ region: 'eu', baseUrl: 'http://127.0.0.1:9999', metadata: ['metric', 'value', 'site'], version: 'Unstable' });
    expect(intercomBaseUrl('eu')).toBe('https://api.eu.intercom.io');
    expect(intercomBaseUrl('au')).toBe('https://api.au.intercom.io');
    expect(intercomBaseUrl('us')).toBe('https://api.intercom.io');
    expect(intercomBaseUrl('eu', 'http://127.0.0.1:9999')).toBe('http://127.0.0.1:9999');
  });

  it('refuses what Intercom would drop or refuse, and a missing token', () => {
    const base = { id: 'intercom', type: 'intercom', token: { env: 'INTERCOM_TOKEN' } };
    const tooMany = ['metric', 'value', 'score', 'bucket', 'touchpoint', 'comment', 'page_url', 'page_title', 'sentiment', 'topics'];
    expect(schema.safeParse({ ...base, metadata: tooMany }).success).toBe(false);
    expect(schema.safeParse({ ...base, metadata: ['metric', 'metric'] }).success).toBe(false);
    expect(schema.safeParse({ ...base, metadata: ['plan'] }).success).toBe(false);
    expect(schema.safeParse({ ...base, eventName: 'submitted.nps$' }).success).toBe(false);
    expect(schema.safeParse({ ...base, region: 'jp' }).success).toBe(false);
    expect(schema.safeParse({ ...base, version: 'latest' }).success).toBe(false);
    const missing = schema.safeParse({ ...base, token: { env: 'NOT_SET' } });
    expect(missing.error?.issues[0]?.message).toBe('environment variable NOT_SET is not set');
  });
});

describe('intercom destination', () => {
  it('submits the documented data event: POST /events, bearer token, Intercom-Version, JSON; 202 is ok', async () => {
    expect(await destination().send(record())).toEqual({ kind: 'ok', status: 202 });
    const request = server.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', path: '/events', status: 202 });
    expect(request.headers.authorization).toBe(`Bearer ${server.token}`);
    expect(request.headers['intercom-version']).toBe('2.14');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual(fixture('event.json'));
    expect(server.problems).toEqual([]);
  });

  it('changes nothing when a delivery is repeated: same created_at, same event, one event in Intercom', async () => {
    const sent = record({ id: '0190f2a4-7b1c-7cde-8f00-00000000aaaa', user: { id: 'u-7' } });
    const before = server.events.length;
    const duplicatesBefore = server.duplicates;
    expect((await destination().send(sent)).kind).toBe('ok');
    expect((await destination().send(sent)).kind).toBe('ok');
    expect(server.events.length).toBe(before + 1);
    expect(server.duplicates).toBe(duplicatesBefore + 1);
    expect(server.requests[0]!.body).toBe(server.requests[1]!.body);
  });

  it('identifies by e-mail when the record has no user id, or when configured to', async () => {
    expect((await destination().send(record({ user: { email: 'jane@example.com' }, timestamp: '2026-11-24T08:00:00Z' }))).kind).toBe('ok');
    expect(JSON.parse(server.requests.at(-1)!.body)).toMatchObject({ email: 'jane@example.com' });
    expect((await destination({ identifyBy: 'email' }).send(record({ timestamp: '2026-11-24T09:00:00Z' }))).kind).toBe('ok');
    expect(JSON.parse(server.requests.at(-1)!.body)).not.toHaveProperty('user_id');
  });

  it('rejects a rating without a contact, without calling Intercom', async () => {
    const outcome = await destination().send(record({ user: undefined }));
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('neither user.id nor user.email') });
    expect(server.requests).toHaveLength(0);
  });

  it('rejects an event for a contact Intercom does not have (404 User Not Found)', async () => {
    const outcome = await destination().send(record({ user: { id: 'u-unknown' } }));
    expect(outcome).toMatchObject({ kind: 'rejected', status: 404, reason: expect.stringContaining('not_found: User Not Found') });
  });

  it('treats a wrong token as auth', async () => {
    expect(await destination({ token: 'wrong' }).send(record())).toMatchObject({ kind: 'auth', status: 401 });
  });

  it.each<[IntercomFailure, string, number]>([
    ['unauthorized', 'auth', 401],
    ['token-revoked', 'auth', 401],
    ['forbidden', 'auth', 403],
    ['user-not-found', 'rejected', 404],
    ['conflict', 'rejected', 409],
    ['parameter-invalid', 'rejected', 400],
    ['unprocessable', 'rejected', 422],
    ['not-acceptable', 'rejected', 406],
    ['request-timeout', 'retry', 408],
    ['server-error', 'retry', 500],
    ['bad-gateway', 'retry', 502],
    ['service-unavailable', 'retry', 503],
    ['rate-limited', 'throttled', 429],
  ])('classifies Intercom’s %s answer as %s', async (failure, kind, status) => {
    server.failNext(failure);
    expect(await destination().send(record())).toMatchObject({ kind, status });
  });

  it('waits until the window’s X-RateLimit-Reset on 429', async () => {
    server.failNext('rate-limited');
    const before = Date.now();
    const outcome = await destination().send(record());
    const after = Date.now();
    expect(outcome.kind).toBe('throttled');
    const waitMs = outcome.kind === 'throttled' ? outcome.waitMs : 0;
    // Windows are 10 s: the wait ends at the window's end, plus a second as the reset is given in whole seconds.
    const resetMs = (Math.floor(before / 10_000) + 1) * 10_000;
    if (Math.floor(before / 10_000) === Math.floor(after / 10_000)) {
      expect(waitMs).toBeGreaterThanOrEqual(resetMs - after + 1_000 - 5);
      expect(waitMs).toBeLessThanOrEqual(resetMs - before + 1_000 + 5);
    }
    expect(waitMs).toBeGreaterThanOrEqual(1_000);
    expect(waitMs).toBeLessThanOrEqual(11_000);
  });

  it('holds off without sending once an answer says the window is used up', async () => {
    const tight = await startIntercomServer({ perWindow: 1 });
    try {
      const hook = intercomDestination({ id: 'intercom', token: tight.token, baseUrl: tight.url });
      expect((await hook.send(record())).kind).toBe('ok');
      expect(tight.requests.at(-1)!.status).toBe(202);
      const second = await hook.send(record({ id: '0190f2a4-7b1c-7cde-8f00-00000000bbbb' }));
      // Unless the 10-second window turned between the two sends, the second waits without a request.
      if (tight.requests.length === 1) {
        expect(second).toMatchObject({ kind: 'throttled', reason: expect.stringContaining('X-RateLimit-Remaining') });
      } else {
        expect(second.kind).toBe('ok');
      }
    } finally {
      await tight.close();
    }
  });

  it('retries when Intercom does not answer in time, or at all', async () => {
    server.failNext('hang');
    expect(await destination({ timeoutMs: 300 }).send(record())).toMatchObject({ kind: 'retry' });
    const closed = intercomDestination({ id: 'intercom', token: 't', baseUrl: 'http://127.0.0.1:1' });
    expect((await closed.send(record())).kind).toBe('retry');
  });

  it('uses the region’s host unless a base URL is given, with or without a trailing slash', async () => {
    expect((await destination({ baseUrl: `${server.url}/` }).send(record({ timestamp: '2026-11-25T08:00:00Z' }))).kind).toBe('ok');
    expect(server.requests.at(-1)!.path).toBe('/events');
  });

  it('sends the configured event name, version and metadata', async () => {
    const custom = destination({ eventName: 'rated-{metric}', version: '2.11', metadata: ['site', 'channel'] });
    expect((await custom.send(record({ interaction: { channel: 'chat' } }))).kind).toBe('ok');
    const request = server.requests.at(-1)!;
    expect(request.headers['intercom-version']).toBe('2.11');
    expect(JSON.parse(request.body)).toMatchObject({
      event_name: 'rated-nps',
      metadata: { feedloop_event_id: record().id, site: 'shop', channel: 'chat' },
    });
  });
});

describe('the Intercom stand-in', () => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    sendRequest(`${server.url}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'intercom-version': '2.14', accept: 'application/json', ...headers },
      body: body as object,
      timeoutMs: 2_000,
    });
  const event = { event_name: 'submitted-nps', created_at: 1_795_500_000, user_id: 'u-42' };

  it('refuses what Intercom documents as invalid, so the adapter’s requests are checked for real', async () => {
    expect((await post({ ...event, created_at: 1_795_500_000_000 })).status).toBe(400);
    expect((await post({ ...event, user_id: undefined })).status).toBe(400);
    expect((await post({ ...event, email: 'jane@example.com' })).status).toBe(400);
    expect((await post({ ...event, metadata: { nested: { a: { b: 1 } } } })).status).toBe(400);
    expect((await post(event, { 'intercom-version': '9.9' })).status).toBe(400);
    expect((await post(event, { accept: 'text/html' })).status).toBe(406);
    const anonymous = await post(event, { authorization: '' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['x-ratelimit-limit']).toBeUndefined();
    const accepted = await post({ ...event, metadata: { link: { url: 'https://a.example', value: 'A' }, price: { amount: 100, currency: 'eur' } } });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toBe('');
    expect(accepted.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
  });
});

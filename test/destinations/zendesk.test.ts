import { randomUUID } from 'node:crypto';
import { EnrichedRecord } from '@feedloop/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEMPLATE_FIELDS } from '../../packages/destinations/src/zendesk/ticket-template.js';
import { zendeskDestination, type ZendeskOptions } from '../../packages/destinations/src/zendesk/zendesk-destination.js';
import { ZENDESK_TEMPLATE_FIELDS, zendeskConfig } from '../../packages/runtime/src/destination-configs/zendesk.js';
import { secretFrom } from '../../packages/runtime/src/secret-ref.js';
import { startFakeZendesk, zendeskFixture, type FakeZendesk, type ZendeskFailure } from '../providers/zendesk-server.js';

const EMAIL = 'agent@example.com';
const TOKEN = 'zd-api-token-123';
const OAUTH = 'zd-oauth-access-token';
const HOUR = 60 * 60_000;

let zendesk: FakeZendesk;

beforeAll(async () => {
  zendesk = await startFakeZendesk({ email: EMAIL, apiToken: TOKEN, oauthToken: OAUTH });
});
afterAll(() => zendesk.close());
beforeEach(() => {
  zendesk.requests.length = 0;
  zendesk.tickets.length = 0;
  zendesk.problems.length = 0;
});

const fixtureRecord = (): EnrichedRecord => EnrichedRecord.parse(zendeskFixture('record-detractor.json'));

/** A fresh detractor with a comment, received `ageMs` ago. */
const record = (extra: Partial<EnrichedRecord> = {}, ageMs = 1_000): EnrichedRecord => ({
  ...fixtureRecord(),
  id: randomUUID(),
  receivedAt: new Date(Date.now() - ageMs).toISOString(),
  ...extra,
});

const destination = (extra: Partial<ZendeskOptions> = {}) =>
  zendeskDestination({ id: 'support', baseUrl: zendesk.url, email: EMAIL, apiToken: TOKEN, timeoutMs: 2_000, ...extra });

const posts = () => zendesk.requests.filter((r) => r.method === 'POST');

describe('zendesk config', () => {
  const env = { ZD_TOKEN: TOKEN, ZD_OAUTH: OAUTH };
  const schema = zendeskConfig(secretFrom(env));
  const base = { id: 'support', type: 'zendesk', baseUrl: 'https://acme.zendesk.com/', email: EMAIL, apiToken: { env: 'ZD_TOKEN' } };

  it('fills the documented defaults and reads the token from the environment', () => {
    const config = schema.parse(base);
    expect(config).toMatchObject({
      baseUrl: 'https://acme.zendesk.com',
      apiToken: TOKEN,
      when: { buckets: ['detractor', 'dissatisfied'], hasComment: true, types: ['feedback.created'] },
      rateLimit: { max: 100, perMs: 60_000 },
      findExistingAfterMs: 6_000_000,
      ticket: {
        subject: '{METRIC} {value}/{max} at {touchpoint}: {comment}',
        priority: 'normal',
        priorityByBucket: { detractor: 'high', dissatisfied: 'high', unresolved: 'high' },
        tags: [],
        topicTags: true,
        customFields: [],
        publicComment: false,
        requesterWithoutEmail: 'api-user',
      },
    });
    // An explicit `when` replaces the default filter.
    expect(schema.parse({ ...base, when: { metrics: ['csat'] } }).when).toEqual({ metrics: ['csat'], types: ['feedback.created'] });
  });

  it('passes straight to the adapter (what the worker wires)', async () => {
    const config = schema.parse({ ...base, baseUrl: zendesk.url, timeoutMs: 2_000 });
    const outcome = await zendeskDestination(config).send(record());
    expect(outcome).toEqual({ kind: 'ok', status: 201 });
  });

  it('takes an OAuth token instead, but not both', () => {
    const { email: _email, apiToken: _token, ...rest } = base;
    expect(schema.parse({ ...rest, oauthToken: { env: 'ZD_OAUTH' } }).oauthToken).toBe(OAUTH);
    const both = schema.safeParse({ ...base, oauthToken: { env: 'ZD_OAUTH' } });
    expect(both.success ? [] : both.error.issues.map((i) => i.path.join('.'))).toEqual(['oauthToken']);
    const neither = schema.safeParse(rest);
    expect(neither.success ? [] : neither.error.issues.map((i) => i.path.join('.'))).toEqual(['email', 'apiToken']);
  });

  it('refuses what would fail at delivery time', () => {
    const problems = (extra: object) => {
      const result = schema.safeParse({ ...base, ...extra });
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems({ ticket: { subject: '{metric} {Value}' } })).toEqual([expect.stringMatching(/^ticket\.subject: unknown placeholder \{Value\}/)]);
    expect(problems({ ticket: { customFields: [{ id: 1, value: '{phone}' }] } })).toEqual([expect.stringContaining('unknown placeholder {phone}')]);
    expect(problems({ ticket: { tags: ['two words'] } })).toEqual([expect.stringContaining('splits tags on spaces')]);
    expect(problems({ ticket: { priority: 'asap' } })).toHaveLength(1);
    expect(problems({ baseUrl: 'https://acme.zendesk.com/api/v2' })).toEqual([expect.stringContaining('without /api/v2')]);
    expect(problems({ findExistingAfterMs: 3 * HOUR })).toEqual([expect.stringContaining('two hours')]);
    expect(problems({ apiToken: { env: 'MISSING' } })).toEqual(['apiToken: environment variable MISSING is not set']);
  });

  it('knows the same placeholders as the adapter', () => {
    expect([...ZENDESK_TEMPLATE_FIELDS]).toEqual([...TEMPLATE_FIELDS]);
  });
});

describe('zendesk destination against a Zendesk-like server', () => {
  it('creates a ticket as Zendesk documents: method, path, auth, JSON, Idempotency-Key, fields', async () => {
    const outcome = await destination().send(fixtureRecord());
    expect(outcome).toEqual({ kind: 'ok', status: 201 });
    expect(zendesk.problems).toEqual([]);

    const expected = zendeskFixture<{ method: string; path: string; headers: Record<string, string>; body: unknown }>('request-create-ticket.json');
    const [sent] = posts();
    expect(sent).toMatchObject({ method: expected.method, path: expected.path, status: 201, lookup: 'miss' });
    expect(sent!.headers).toMatchObject(expected.headers);
    expect(sent!.headers.authorization).toBe(`Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`);
    expect(JSON.parse(sent!.body)).toEqual(expected.body);

    expect(zendesk.tickets).toEqual([
      expect.objectContaining({
        external_id: '01937a3c-1d2e-7f00-8a00-00000000f001',
        priority: 'high',
        public: false,
        tags: ['bucket_detractor', 'feedloop', 'metric_nps', 'topic_delivery', 'touchpoint_support_chat'],
        requester_id: zendesk.users.get('ada@example.com')!.id,
      }),
    ]);
  });

  it('signs in with an OAuth bearer token', async () => {
    expect(await destination({ email: undefined, apiToken: undefined, oauthToken: OAUTH }).send(record())).toEqual({ kind: 'ok', status: 201 });
    expect(posts()[0]!.headers.authorization).toBe(`Bearer ${OAUTH}`);
    const refused = await destination({ email: undefined, apiToken: undefined, oauthToken: 'revoked' }).send(record());
    expect(refused).toMatchObject({ kind: 'auth', status: 401, reason: expect.stringContaining("Couldn't authenticate you") });
  });

  it('changes nothing on a repeated delivery: the same key answers the same ticket', async () => {
    const zd = destination();
    const rating = record();
    expect(await zd.send(rating)).toEqual({ kind: 'ok', status: 201 });
    expect(await zd.send(rating)).toEqual({ kind: 'ok', status: 201 });
    expect(posts().map((r) => r.lookup)).toEqual(['miss', 'hit']);
    expect(posts()[1]!.body).toBe(posts()[0]!.body);
    expect(zendesk.tickets).toHaveLength(1);
  });

  it('retries a lost answer without a second ticket', async () => {
    const zd = destination();
    const rating = record();
    zendesk.failNext('lose-response');
    expect(await zd.send(rating)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('did not answer') });
    expect(zendesk.tickets).toHaveLength(1);
    expect(await zd.send(rating)).toEqual({ kind: 'ok', status: 201 });
    expect(posts().at(-1)!.lookup).toBe('hit');
    expect(zendesk.tickets).toHaveLength(1);
  });

  it('refuses the same key with another body, as Zendesk does', async () => {
    const rating = record();
    await destination().send(rating);
    const changed = await destination({ ticket: { subject: 'Feedback: {comment}' } }).send(rating);
    expect(changed).toMatchObject({ kind: 'rejected', status: 400, reason: expect.stringContaining('IdempotentRequestError') });
    expect(zendesk.tickets).toHaveLength(1);
  });

  it('finds the ticket of an old record by external_id once its key may have expired', async () => {
    const rating = record({}, 3 * HOUR);
    // First delivered hours ago (created, answer lost); the fake forgets the key after two hours.
    zendesk.failNext('lose-response');
    expect((await destination({ findExistingAfterMs: 100 * 60_000 }).send({ ...rating, receivedAt: new Date().toISOString() })).kind).toBe('retry');
    zendesk.advance(2 * HOUR + 1);
    zendesk.requests.length = 0;

    expect(await destination().send(rating)).toEqual({ kind: 'ok', status: 200 });
    expect(zendesk.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/v2/tickets?external_id=${rating.id}`]);
    expect(zendesk.tickets).toHaveLength(1);
  });

  it('creates the ticket of an old record that has none yet', async () => {
    const rating = record({}, 3 * HOUR);
    expect(await destination().send(rating)).toEqual({ kind: 'ok', status: 201 });
    expect(zendesk.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(zendesk.tickets).toHaveLength(1);
  });

  it('classifies a failed external_id lookup like any answer', async () => {
    zendesk.failNext('server-error');
    expect(await destination().send(record({}, 3 * HOUR))).toMatchObject({ kind: 'retry', status: 500 });
    expect(posts()).toHaveLength(0);
  });

  const cases: [ZendeskFailure, object][] = [
    ['throttle', { kind: 'throttled', status: 429, waitMs: 1_000, reason: expect.stringContaining('per minute exceeded') }],
    ['throttle-without-retry-after', { kind: 'throttled', status: 429, waitMs: expect.any(Number) }],
    ['unauthorized', { kind: 'auth', status: 401 }],
    ['forbidden', { kind: 'auth', status: 403, reason: expect.stringContaining('You do not have access') }],
    ['not-found', { kind: 'rejected', status: 404, reason: expect.stringContaining('check baseUrl') }],
    ['conflict', { kind: 'retry', status: 409 }],
    ['invalid', { kind: 'rejected', status: 422, reason: expect.stringContaining('requester: Requester: Email is invalid') }],
    ['server-error', { kind: 'retry', status: 500 }],
    ['unavailable', { kind: 'retry', status: 503 }],
    ['database-timeout', { kind: 'throttled', status: 503, waitMs: 2_000 }],
  ];
  it.each(cases)('classifies %s', async (failure, expected) => {
    zendesk.failNext(failure);
    expect(await destination().send(record())).toMatchObject(expected);
  });

  it('reads the wait from ratelimit-reset when a 429 has no Retry-After', async () => {
    zendesk.failNext('throttle-without-retry-after');
    const outcome = await destination().send(record());
    expect(outcome).toMatchObject({ kind: 'throttled', status: 429 });
    // The fake's ratelimit-reset: the seconds left in its one-minute window.
    expect(outcome.kind === 'throttled' && outcome.waitMs).toBeGreaterThan(0);
    expect(outcome.kind === 'throttled' && outcome.waitMs).toBeLessThanOrEqual(60_000);
    expect((outcome.kind === 'throttled' ? outcome.waitMs : 0) % 1000).toBe(0);
  });

  it('retries when Zendesk hangs past the timeout', async () => {
    zendesk.failNext('hang');
    const started = Date.now();
    expect(await destination({ timeoutMs: 300 }).send(record())).toMatchObject({ kind: 'retry', reason: expect.stringContaining('did not answer') });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('retries when nothing listens', async () => {
    const gone = zendeskDestination({ id: 'gone', baseUrl: 'http://127.0.0.1:1', email: EMAIL, apiToken: TOKEN });
    expect((await gone.send(record())).kind).toBe('retry');
  });

  it('holds its sends once a 429 or the rate-limit headers say the limit is used up', async () => {
    const zd = destination();
    zendesk.failNext('throttle');
    expect((await zd.send(record())).kind).toBe('throttled');
    const before = zendesk.requests.length;
    expect(await zd.send(record())).toMatchObject({ kind: 'throttled', waitMs: expect.any(Number), reason: expect.stringContaining('not sent') });
    expect(zendesk.requests.length).toBe(before);
  });

  it('stops at X-Rate-Limit-Remaining: 0 instead of earning a 429', async () => {
    const tight = await startFakeZendesk({ email: EMAIL, apiToken: TOKEN, limitPerMinute: 2 });
    try {
      const zd = zendeskDestination({ id: 'tight', baseUrl: tight.url, email: EMAIL, apiToken: TOKEN });
      expect((await zd.send(record())).kind).toBe('ok');
      expect((await zd.send(record())).kind).toBe('ok');
      expect(zd.rateLimits()).toEqual([{ scope: 'account', limit: 2, remaining: 0, resetMs: expect.any(Number) }]);
      const held = await zd.send(record());
      expect(held).toMatchObject({ kind: 'throttled', reason: expect.stringContaining('remaining: 0') });
      expect(held.kind === 'throttled' && held.waitMs).toBeLessThanOrEqual(60_000);
      expect(tight.requests).toHaveLength(2);
      // Another process that did not see the headers gets Zendesk's own 429.
      const other = zendeskDestination({ id: 'tight', baseUrl: tight.url, email: EMAIL, apiToken: TOKEN });
      expect(await other.send(record())).toMatchObject({ kind: 'throttled', status: 429 });
    } finally {
      await tight.close();
    }
  });

  it('lets the API user be the requester when the rating has no e-mail, or refuses it when told to', async () => {
    const anonymous = record({ user: { id: 'cust-7', name: 'Anon' } });
    expect(await destination().send(anonymous)).toEqual({ kind: 'ok', status: 201 });
    expect(JSON.parse(posts()[0]!.body).ticket.requester).toBeUndefined();
    expect(zendesk.tickets[0]!.requester_id).toBe(20978392);

    const strict = await destination({ ticket: { requesterWithoutEmail: 'reject' } }).send(record({ user: undefined }));
    expect(strict).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('no user.email') });
    expect(posts()).toHaveLength(1);
  });

  it('sends markup and Markdown in a comment as text', async () => {
    await destination().send(record({ comment: '<script>alert("x")</script> [refund](https://evil.example) ![](https://t.example/p)' }));
    const ticket = JSON.parse(posts()[0]!.body).ticket;
    // Not `body`, where Zendesk would read the Markdown; escaped HTML, which shows the characters typed.
    expect(ticket.comment.body).toBeUndefined();
    expect(ticket.comment.html_body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; [refund](https://evil.example)');
    expect(ticket.comment.html_body).not.toMatch(/<script|<a |<img /);
  });

  it('fills the mapped fields Zendesk validates', async () => {
    const outcome = await destination({
      ticket: { type: 'incident', groupId: 360001, tags: ['vip'], customFields: [{ id: 360005, value: '{value}' }], priority: 'low', priorityByBucket: {} },
    }).send(record());
    expect(outcome).toEqual({ kind: 'ok', status: 201 });
    expect(zendesk.problems).toEqual([]);
    expect(zendesk.tickets[0]).toMatchObject({ type: 'incident', group_id: 360001, priority: 'low', custom_fields: [{ id: 360005, value: 3 }] });
    expect(zendesk.tickets[0]!.tags).toContain('vip');
  });
});

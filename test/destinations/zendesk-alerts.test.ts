import { randomUUID } from 'node:crypto';
import { EnrichedRecord } from '@feedloop/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zendeskDestination, type ZendeskOptions } from '../../packages/destinations/src/zendesk/zendesk-destination.js';
import { API_USER_ID } from '../providers/zendesk/ticket-store.js';
import { startFakeZendesk, zendeskFixture, type FakeZendesk, type ZendeskFailure } from '../providers/zendesk-server.js';
import { detractorAlert, targetMissedAlert } from './alert-records.js';

const EMAIL = 'agent@example.com';
const TOKEN = 'zd-api-token-123';
const HOUR = 60 * 60_000;

let zendesk: FakeZendesk;
beforeAll(async () => {
  zendesk = await startFakeZendesk({ email: EMAIL, apiToken: TOKEN });
});
afterAll(() => zendesk.close());
beforeEach(() => {
  zendesk.requests.length = 0;
  zendesk.tickets.length = 0;
  zendesk.problems.length = 0;
});

/** The fixture's detractor with a comment (NPS 3 at support.chat, from ada@example.com), under a fresh id. */
const rating = (extra: Partial<EnrichedRecord> = {}): EnrichedRecord => ({
  ...EnrichedRecord.parse(zendeskFixture('record-detractor.json')),
  id: randomUUID(),
  receivedAt: new Date().toISOString(),
  ...extra,
});

const destination = (extra: Partial<ZendeskOptions> = {}) =>
  zendeskDestination({ id: 'support', baseUrl: zendesk.url, email: EMAIL, apiToken: TOKEN, timeoutMs: 2_000, ...extra });

const posts = () => zendesk.requests.filter((r) => r.method === 'POST');
const ticketOf = (index: number) => JSON.parse(posts()[index]!.body).ticket as Record<string, unknown>;

describe('zendesk destination, alert.detractor', () => {
  it('creates a follow-up ticket from the rating, keyed and identified by the alert id', async () => {
    const alert = detractorAlert(rating());
    expect(await destination().sendAlert!(alert)).toEqual({ kind: 'ok', status: 201 });
    expect(zendesk.problems).toEqual([]);
    const [post] = posts();
    expect(post).toMatchObject({ path: '/api/v2/tickets', status: 201, lookup: 'miss' });
    expect(post!.headers['idempotency-key']).toBe(`support.${alert.id}`);
    expect(ticketOf(0)).toMatchObject({
      subject: 'Follow up: NPS 3/10 at support.chat: The courier never came and nobody answered my e-mails.',
      requester: { name: 'Ada Lovelace', email: 'ada@example.com' },
      comment: { public: false, html_body: expect.stringContaining(`Feedloop alert ${alert.id}</p>`) },
      external_id: alert.id,
      priority: 'high',
    });
    expect(zendesk.tickets).toEqual([
      expect.objectContaining({
        external_id: alert.id,
        requester_id: zendesk.users.get('ada@example.com')!.id,
        tags: ['alert_detractor', 'bucket_detractor', 'feedloop', 'metric_nps', 'topic_delivery', 'touchpoint_support_chat'],
      }),
    ]);
  });

  it('makes its own ticket beside the rating’s, when a destination takes both', async () => {
    const sent = rating();
    expect((await destination().send(sent)).kind).toBe('ok');
    expect((await destination().sendAlert!(detractorAlert(sent))).kind).toBe('ok');
    expect(zendesk.tickets.map((t) => t.external_id)).toEqual([sent.id, `${sent.id}-detractor`]);
  });

  it('lets the API user be the requester without an e-mail, or refuses it as the mapping says', async () => {
    const anonymous = detractorAlert(rating({ user: { id: 'cust-7' } }));
    expect(await destination().sendAlert!(anonymous)).toEqual({ kind: 'ok', status: 201 });
    expect(zendesk.tickets[0]!.requester_id).toBe(API_USER_ID);
    const strict = await destination({ ticket: { requesterWithoutEmail: 'reject' } }).sendAlert!(anonymous);
    expect(strict).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('no user.email') });
    expect(posts()).toHaveLength(1);
  });
});

describe('zendesk destination, alert.target_missed', () => {
  it('creates an internal, high-priority ticket with no requester but the API user', async () => {
    const alert = targetMissedAlert();
    expect(await destination().sendAlert!(alert)).toEqual({ kind: 'ok', status: 201 });
    expect(zendesk.problems).toEqual([]);
    expect(posts()[0]!.headers['idempotency-key']).toBe(`support.${alert.id}`);
    const ticket = ticketOf(0);
    expect(ticket).not.toHaveProperty('requester');
    expect(ticket).toMatchObject({
      subject: 'CSAT target missed: 78.4 % < 85 % over 7 days (all touchpoints)',
      comment: { public: false, html_body: expect.stringContaining('78.4 % over the last 7 days (n = 42, 95 % CI 64.1–88.0 %) — target ≥ 85 %') },
    });
    expect(zendesk.tickets).toEqual([
      expect.objectContaining({
        external_id: alert.id, priority: 'high', public: false, requester_id: API_USER_ID, tags: ['alert_target_missed', 'feedloop', 'metric_csat'],
      }),
    ]);
  });

  it('changes nothing on a repeat: the same Idempotency-Key and body answer the first ticket', async () => {
    const alert = targetMissedAlert();
    const zd = destination();
    expect(await zd.sendAlert!(alert)).toEqual({ kind: 'ok', status: 201 });
    expect(await zd.sendAlert!(alert)).toEqual({ kind: 'ok', status: 201 });
    expect(posts().map((r) => [r.headers['idempotency-key'], r.lookup])).toEqual([
      [`support.${alert.id}`, 'miss'],
      [`support.${alert.id}`, 'hit'],
    ]);
    expect(posts()[1]!.body).toBe(posts()[0]!.body);
    expect(zendesk.tickets).toHaveLength(1);
  });

  it('retries a lost answer without a second ticket', async () => {
    const alert = targetMissedAlert();
    zendesk.failNext('lose-response');
    expect(await destination().sendAlert!(alert)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('did not answer') });
    expect(await destination().sendAlert!(alert)).toEqual({ kind: 'ok', status: 201 });
    expect(posts().at(-1)!.lookup).toBe('hit');
    expect(zendesk.tickets).toHaveLength(1);
  });
});

describe('zendesk destination, old alerts', () => {
  it('finds the ticket of an alert created hours ago by external_id, going by createdAt', async () => {
    const alert = detractorAlert(rating(), 3 * HOUR);
    // Its rating was received just now: were the age taken from the rating, this would skip the lookup.
    expect(Date.now() - Date.parse(alert.rating.receivedAt)).toBeLessThan(HOUR);
    zendesk.failNext('lose-response');
    expect((await destination({ findExistingAfterMs: 4 * HOUR }).sendAlert!(alert)).kind).toBe('retry');
    zendesk.advance(2 * HOUR + 1);
    zendesk.requests.length = 0;

    expect(await destination().sendAlert!(alert)).toEqual({ kind: 'ok', status: 200 });
    expect(zendesk.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/v2/tickets?external_id=${encodeURIComponent(alert.id)}`]);
    expect(zendesk.tickets).toHaveLength(1);
  });

  it('creates the ticket of an old alert that has none yet, and looks a fresh one up not at all', async () => {
    expect(await destination().sendAlert!(targetMissedAlert({ ageMs: 3 * HOUR }))).toEqual({ kind: 'ok', status: 201 });
    expect(zendesk.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
    zendesk.requests.length = 0;
    expect((await destination().sendAlert!(targetMissedAlert())).kind).toBe('ok');
    expect(zendesk.requests.map((r) => r.method)).toEqual(['POST']);
  });
});

describe('zendesk destination, alert answers', () => {
  const cases: [ZendeskFailure, object][] = [
    ['throttle', { kind: 'throttled', status: 429, waitMs: 1_000 }],
    ['unauthorized', { kind: 'auth', status: 401 }],
    ['forbidden', { kind: 'auth', status: 403 }],
    ['invalid', { kind: 'rejected', status: 422 }],
    ['server-error', { kind: 'retry', status: 500 }],
    ['database-timeout', { kind: 'throttled', status: 503, waitMs: 2_000 }],
  ];
  it.each(cases)('classifies %s for an alert as for a rating', async (failure, expected) => {
    zendesk.failNext(failure);
    const alertOutcome = await destination().sendAlert!(targetMissedAlert());
    zendesk.failNext(failure);
    const ratingOutcome = await destination().send(rating());
    expect(alertOutcome).toMatchObject(expected);
    expect(alertOutcome).toEqual(ratingOutcome);
  });

  it('holds ratings and alerts alike once a 429 says the limit is used up', async () => {
    const zd = destination();
    zendesk.failNext('throttle');
    expect((await zd.sendAlert!(targetMissedAlert())).kind).toBe('throttled');
    const before = zendesk.requests.length;
    expect(await zd.send(rating())).toMatchObject({ kind: 'throttled', reason: expect.stringContaining('not sent') });
    expect(await zd.sendAlert!(detractorAlert(rating()))).toMatchObject({ kind: 'throttled', reason: expect.stringContaining('not sent') });
    expect(zendesk.requests.length).toBe(before);
  });
});

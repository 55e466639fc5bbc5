import { buildApp } from '@feedloop/ingest';
import { createLogger, parseConfig, type Config } from '@feedloop/runtime';
import type { WireEvent } from '@feedloop/schema';
import { generateSecret, type WebhookEvent } from '@feedloop/webhooks';
import { startWorker } from '@feedloop/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY, SECRET_KEY } from './helpers/config.js';
import { postAsBrowser, wireEvent } from './helpers/events.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './helpers/redis.js';
import { startSlackServer, type SlackServer } from './providers/slack-server.js';
import { startFakeZendesk, type FakeZendesk } from './providers/zendesk-server.js';

/**
 * Targets and alerts end to end: ratings posted to ingest, counted and judged by a worker, and the alerts they raise
 * delivered to a webhook receiver, a Slack webhook and a Zendesk account (local fakes), once per breach.
 */
let receiver: Receiver;
let slack: SlackServer;
let zendesk: FakeZendesk;
let config: Readonly<Config>;
let app: Awaited<ReturnType<typeof buildApp>>;
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  const secret = generateSecret();
  [receiver, slack, zendesk] = await Promise.all([startReceiver(secret), startSlackServer(), startFakeZendesk()]);
  const retry = { attempts: 3, backoffMs: 50 };
  config = parseConfig(
    {
      redis: { url: REDIS_URL, prefix: randomPrefix() },
      sites: [{ id: 'shop', publicKey: PUBLIC_KEY, secretKey: { env: 'SECRET_KEY' }, origins: [ORIGIN] }],
      insights: { targets: [{ metric: 'csat', touchpoint: 'support.*', min: 80, minResponses: 5, cooldownHours: 0 }] },
      destinations: [
        // Everything, ratings and alerts, to the integrator's endpoint.
        { id: 'hook', type: 'webhook', url: receiver.url, secret: { env: 'HOOK_SECRET' }, allowPrivateNetworks: true, retry, when: { types: ['feedback.created', 'alert.detractor', 'alert.target_missed'] } },
        // Slack's default: the alerts only.
        { id: 'team', type: 'slack', webhookUrl: { env: 'SLACK_URL' }, retry, rateLimit: { max: 100, perMs: 1_000 } },
        // A follow-up ticket for each unhappy customer who wrote something.
        { id: 'desk', type: 'zendesk', baseUrl: zendesk.url, email: 'agent@example.com', apiToken: { env: 'ZENDESK_TOKEN' }, retry, when: { types: ['alert.detractor'] } },
      ],
    },
    { SECRET_KEY, HOOK_SECRET: secret, SLACK_URL: slack.webhookUrl, ZENDESK_TOKEN: 'tok' },
  );
  app = await buildApp(config);
  worker = await startWorker(config, { logger: createLogger({ level: 'silent' }) });
});

afterAll(async () => {
  await app?.close();
  await worker?.close();
  await Promise.all([receiver?.close(), slack?.close(), zendesk?.close()]);
  if (config) await deletePrefix(config.redis.prefix);
});

const chat = (value: number, overrides: Partial<WireEvent> = {}) =>
  wireEvent({ touchpoint: 'support.chat', metric: 'csat', value, interaction: { id: 'c1', channel: 'chat', agentId: 'maya' }, ...overrides });

/** Posts ratings one request at a time and waits until the worker has counted all of them. */
async function post(events: WireEvent[], countedBefore: number): Promise<number> {
  for (const event of events) expect((await postAsBrowser(app, event)).statusCode).toBe(202);
  const counted = countedBefore + events.length;
  await expect
    .poll(async () => {
      const answer = await app.inject({ method: 'GET', url: '/v1/insights?site=shop&metric=csat&groupBy=touchpoint', headers: { authorization: `Bearer ${SECRET_KEY}` } });
      return answer.json().total?.count;
    }, { timeout: 15_000 })
    .toBe(counted);
  return counted;
}

const ofType = <T extends WebhookEvent['type']>(type: T) =>
  receiver.deliveries.flatMap(({ verified }) => (verified.ok && verified.event.type === type ? [verified.event as Extract<WebhookEvent, { type: T }>] : []));

describe('targets and alerts through the pipeline', () => {
  it('raises one target alert per breach, and a follow-up for each unhappy comment, to every destination that takes them', async () => {
    let counted = await post([chat(5), chat(5), chat(4), chat(5)], 0);
    // Four responses: too few to judge. The fifth, a 1 with a comment, makes 4 of 5 = 80 %, which meets the target.
    const unhappy = chat(1, { comment: 'Waited 40 minutes, nobody answered', user: { email: 'ana@example.com', name: 'Ana' } });
    counted = await post([unhappy], counted);
    await expect.poll(() => ofType('alert.detractor').length, { timeout: 10_000 }).toBe(1);
    expect(ofType('alert.target_missed')).toEqual([]);

    // An unhappy rating without a comment: 4 of 6 = 66.7 %, below 80 %: a breach, one alert, raised by that rating.
    const tipping = chat(2);
    counted = await post([tipping], counted);
    await expect.poll(() => ofType('alert.target_missed').length, { timeout: 10_000 }).toBe(1);
    const [missed] = ofType('alert.target_missed');
    expect(missed!.data).toMatchObject({
      id: expect.stringMatching(new RegExp(`^${tipping.id}-target-csat-support_any-\\d+$`)),
      eventId: tipping.id,
      site: 'shop',
      target: { id: 'csat-support_any', metric: 'csat', touchpoint: 'support.*', min: 80, minResponses: 5, windowDays: 7 },
      window: { count: 6 },
    });
    expect(missed!.data.window.headline).toBeCloseTo((100 * 4) / 6, 6);

    // The breach goes on: more unhappy ratings raise no second target alert.
    counted = await post([chat(1), chat(3)], counted);
    // Slack got the two alerts and no rating; Zendesk a ticket for the unhappy customer only.
    await expect.poll(() => slack.messages.length, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => zendesk.tickets.length, { timeout: 10_000 }).toBe(1);
    expect(zendesk.tickets[0]).toMatchObject({ external_id: `${unhappy.id}-detractor` });
    expect(zendesk.problems).toEqual([]);

    // Twelve satisfied customers (16 of 20 = 80 %) end the breach; a new slide (16 of 21) raises a second alert.
    counted = await post(Array.from({ length: 12 }, () => chat(5)), counted);
    counted = await post([chat(1), chat(1), chat(2)], counted);
    await expect.poll(() => ofType('alert.target_missed').length, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => slack.messages.length, { timeout: 10_000 }).toBe(3);

    // Every rating reached the webhook once, each alert once: ids are never repeated.
    await expect.poll(() => ofType('feedback.created').length, { timeout: 10_000 }).toBe(counted);
    const ids = receiver.deliveries.map((delivery) => delivery.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ofType('alert.detractor')[0]!.data).toMatchObject({ id: `${unhappy.id}-detractor`, rating: { id: unhappy.id, comment: unhappy.comment, bucket: 'dissatisfied' } });
    expect(receiver.deliveries.find((d) => d.headers['webhook-id'] === `${unhappy.id}-detractor`)).toBeDefined();

    // Operators see the alerts raised in the worker's metrics.
    await expect.poll(async () => (await worker.metrics.getSingleMetricAsString('feedloop_alerts_total')).split('\n').filter((line) => !line.startsWith('#')).sort(), { timeout: 5_000 }).toEqual([
      'feedloop_alerts_total{type="alert.detractor"} 1',
      'feedloop_alerts_total{type="alert.target_missed"} 2',
    ]);
  });
});

import { buildApp } from '@feedloop/ingest';
import { createLogger, parseConfig } from '@feedloop/runtime';
import { startWorker } from '@feedloop/worker';
import { generateSecret } from '@feedloop/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY } from '../helpers/config.js';
import { postAsBrowser, wireEvent } from '../helpers/events.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../helpers/redis.js';
import { startHubSpotServer, type HubSpotServer } from '../providers/hubspot-server.js';
import { startIntercomServer, type IntercomServer } from '../providers/intercom-server.js';
import { startFakeSalesforce, type FakeSalesforce } from '../providers/salesforce-server.js';
import { startSlackServer, type SlackServer } from '../providers/slack-server.js';
import { startFakeZendesk, type FakeZendesk } from '../providers/zendesk-server.js';

// The pipeline with every kind of destination configured at once, each provider replaced by a local server that
// answers as its public API documents. One rating in; the right calls out.
const customer = { id: 'cust-42', email: 'ada@example.com', name: 'Ada Lovelace' };
const SF_TOKEN = '00D5e000000ABCD!static-test-token';
let hook: Receiver;
let hubspot: HubSpotServer;
let salesforce: FakeSalesforce;
let zendesk: FakeZendesk;
let intercom: IntercomServer;
let slack: SlackServer;
let post: (body: unknown) => ReturnType<typeof postAsBrowser>;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  const secret = generateSecret();
  [hook, hubspot, salesforce, zendesk, intercom, slack] = await Promise.all([
    startReceiver(secret),
    startHubSpotServer(),
    startFakeSalesforce({ accessToken: SF_TOKEN }),
    startFakeZendesk({ email: 'agent@example.com', apiToken: 'zendesk-token' }),
    startIntercomServer({ userIds: [customer.id] }),
    startSlackServer(),
  ]);
  const prefix = randomPrefix();
  const env = {
    HOOK_SECRET: secret,
    HUBSPOT_TOKEN: hubspot.token,
    SF_TOKEN,
    ZENDESK_TOKEN: 'zendesk-token',
    INTERCOM_TOKEN: intercom.token,
    SLACK_URL: slack.webhookUrl,
  };
  const retry = { attempts: 3, backoffMs: 50 };
  const config = parseConfig(
    {
      redis: { url: REDIS_URL, prefix },
      sites: [{ id: 'shop', publicKey: PUBLIC_KEY, origins: [ORIGIN] }],
      destinations: [
        { id: 'hook', type: 'webhook', url: hook.url, secret: { env: 'HOOK_SECRET' }, allowPrivateNetworks: true, retry },
        { id: 'crm', type: 'hubspot', baseUrl: hubspot.url, token: { env: 'HUBSPOT_TOKEN' }, retry },
        { id: 'sf', type: 'salesforce', instanceUrl: salesforce.url, auth: { accessToken: { env: 'SF_TOKEN' } }, retry },
        { id: 'desk', type: 'zendesk', baseUrl: zendesk.url, email: 'agent@example.com', apiToken: { env: 'ZENDESK_TOKEN' }, retry },
        { id: 'chat', type: 'intercom', baseUrl: intercom.url, token: { env: 'INTERCOM_TOKEN' }, retry },
        { id: 'alerts', type: 'slack', webhookUrl: { env: 'SLACK_URL' }, retry },
      ],
    },
    env,
  );
  const app = await buildApp(config);
  const worker = await startWorker(config, { logger: createLogger({ level: 'silent' }) });
  post = (body) => postAsBrowser(app, body);
  stops.push(
    () => Promise.all([hook, hubspot, salesforce, zendesk, intercom, slack].map((server) => server.close())),
    () => deletePrefix(prefix),
    () => app.close(),
    () => worker.close(),
  );
}, 30_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

const comment = 'The courier was late <script>alert(1)</script> and nobody answered the phone.';

describe('one rating in, with all six destinations configured', () => {
  it('an NPS detractor with a comment reaches every destination, each in its own shape', async () => {
    const event = wireEvent({ touchpoint: 'checkout', metric: 'nps', value: 3, comment, user: customer, context: { url: 'https://shop.example/checkout?session=secret' } });
    expect((await post(event)).statusCode).toBe(202);

    const [delivery] = await hook.waitFor(1);
    expect(delivery!.verified).toMatchObject({ ok: true, id: event.id });
    await expect.poll(() => hubspot.contacts.get(customer.email)?.properties.feedloop_last_nps, { timeout: 10_000 }).toBe('3');
    await expect.poll(() => hubspot.notes.get(event.id) !== undefined, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => salesforce.byExternalId('Feedback__c', 'Feedback_Id__c', event.id)?.fields, { timeout: 10_000 }).toMatchObject({ Metric__c: 'nps', Value__c: 3, Bucket__c: 'detractor' });
    await expect.poll(() => zendesk.tickets.filter((t) => t.external_id === event.id).length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => intercom.events.length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => slack.messages.length, { timeout: 10_000 }).toBe(1);

    // The comment stays text everywhere: escaped for Slack, plain in Zendesk and the HubSpot note.
    expect(JSON.stringify(slack.messages[0])).toContain('&lt;script&gt;');
    expect(JSON.stringify(slack.messages[0])).not.toContain('<script>');
    const ticket = zendesk.tickets.find((t) => t.external_id === event.id)!;
    expect(ticket.tags).toEqual(expect.arrayContaining(['touchpoint_checkout', 'metric_nps', 'bucket_detractor']));
    expect(hubspot.notes.get(event.id)!.properties.hs_note_body).not.toContain('<script>');
    expect(intercom.events[0]).toMatchObject({ event_name: 'submitted-nps', user_id: customer.id });
    // The page went out without its query string.
    expect(JSON.parse(delivery!.body).data.context.url).toBe('https://shop.example/checkout');
  });

  it('a promoter without a comment goes to the CRMs and the webhook, not to the follow-up ticket or the alert', async () => {
    // A minute apart: Intercom treats two events of one contact, name and second as one.
    const event = wireEvent({ touchpoint: 'checkout', metric: 'nps', value: 10, user: customer, createdAt: new Date(Date.now() - 60_000).toISOString() });
    await post(event);
    await hook.waitFor(2);
    await expect.poll(() => salesforce.byExternalId('Feedback__c', 'Feedback_Id__c', event.id) !== undefined, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => intercom.events.length, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => hubspot.contacts.get(customer.email)?.properties.feedloop_last_nps, { timeout: 10_000 }).toBe('10');
    // A later unhappy rating with a comment is the sentinel: once it has a ticket and an alert, the promoter, queued
    // before it on the same queues, would have had them too.
    const sentinel = wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 1, comment: 'Still waiting.', user: customer });
    await post(sentinel);
    await expect.poll(() => zendesk.tickets.map((t) => t.external_id), { timeout: 10_000 }).toContain(sentinel.id);
    await expect.poll(() => slack.messages.length, { timeout: 10_000 }).toBe(2);
    expect(zendesk.tickets.map((t) => t.external_id)).not.toContain(event.id);
    expect(JSON.stringify(slack.messages)).not.toContain(event.id);
    expect(JSON.stringify(slack.messages[1])).toContain(sentinel.id);
  });
});

import { readFileSync } from 'node:fs';
import type { EnrichedRecord } from '@feedloop/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackDestination, type SlackOptions } from '../../packages/destinations/src/slack/slack-destination.js';
import { sendRequest } from '../../packages/destinations/src/send-request.js';
import { slackConfig } from '../../packages/runtime/src/destination-configs/slack.js';
import { secretFrom } from '../../packages/runtime/src/secret-ref.js';
import { compileWhen } from '../../packages/worker/src/matches-when.js';
import { ANSWERS, startSlackServer, type SlackFailure, type SlackServer } from '../providers/slack-server.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/slack/${name}`, import.meta.url), 'utf8')) as T;
const record = (extra: Partial<EnrichedRecord> = {}): EnrichedRecord => ({ ...fixture<EnrichedRecord>('record-detractor.json'), ...extra });
const DASHBOARD = 'https://feedloop.example/sites/{site}/events/{id}';

let server: SlackServer;
beforeAll(async () => {
  server = await startSlackServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.messages.length = 0;
});

const destination = (extra: Partial<SlackOptions> = {}) =>
  slackDestination({ id: 'alerts', webhookUrl: server.webhookUrl, dashboardUrl: DASHBOARD, timeoutMs: 2_000, ...extra });

describe('slack config', () => {
  const env = {
    SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX',
    NOT_A_URL: 'hooks.slack.com/services/x',
    PLAIN_HTTP: 'http://hooks.slack.com/services/T000/B000/XXXXXXXX',
    LOCAL_HTTP: 'http://127.0.0.1:9999/services/T/B/x',
  };
  const schema = slackConfig(secretFrom(env));

  it('reads the webhook URL from the environment; posts the alerts by default, a message a second', () => {
    const parsed = schema.parse({ id: 'alerts', type: 'slack', webhookUrl: { env: 'SLACK_WEBHOOK_URL' } });
    expect(parsed).toMatchObject({
      webhookUrl: env.SLACK_WEBHOOK_URL,
      when: { types: ['alert.detractor', 'alert.target_missed'] },
      rateLimit: { max: 1, perMs: 1_000 },
    });
    const matches = compileWhen(parsed.when);
    // The unhappy rating with a comment arrives as its alert.detractor, not a second time as a rating.
    expect(matches(record())).toBe(false);
    expect(matches.alert({ type: 'alert.detractor', id: 'e-detractor', site: 'shop', createdAt: '2026-11-23T10:00:02Z', rating: record() })).toBe(true);
  });

  it('replaces the default filter with the one given, and takes a dashboard link', () => {
    const parsed = schema.parse({
      id: 'alerts', type: 'slack', webhookUrl: { env: 'SLACK_WEBHOOK_URL' }, when: { touchpoints: ['checkout'] }, dashboardUrl: DASHBOARD,
    });
    // Without `types`, a `when` of one's own means ratings.
    expect(parsed.when).toEqual({ touchpoints: ['checkout'], types: ['feedback.created'] });
    expect(parsed.dashboardUrl).toBe(DASHBOARD);
  });

  it('refuses a webhook URL that is not an http(s) URL, without repeating the secret', () => {
    const result = schema.safeParse({ id: 'alerts', type: 'slack', webhookUrl: { env: 'NOT_A_URL' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['webhookUrl'], message: 'the webhook URL is an http(s) URL' });
    expect(JSON.stringify(result.error?.issues.map((i) => i.message))).not.toContain(env.NOT_A_URL);
    expect(schema.safeParse({ id: 'alerts', type: 'slack', webhookUrl: 'https://hooks.slack.com/services/inline' }).success).toBe(false);
  });

  it('sends the secret URL over https only, except to a loopback test server', () => {
    const plain = schema.safeParse({ id: 'alerts', type: 'slack', webhookUrl: { env: 'PLAIN_HTTP' } });
    expect(plain.error?.issues[0]?.message).toMatch(/https only/);
    expect(schema.safeParse({ id: 'alerts', type: 'slack', webhookUrl: { env: 'LOCAL_HTTP' } }).success).toBe(true);
  });
});

describe('slack destination', () => {
  it('posts the documented JSON message (text fallback and blocks); 200 ok is ok', async () => {
    expect(await destination().send(record())).toEqual({ kind: 'ok', status: 200 });
    const post = server.requests.at(-1)!;
    expect(post).toMatchObject({ method: 'POST', status: 200 });
    expect(server.webhookUrl.endsWith(post.path)).toBe(true);
    expect(post.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post.body)).toEqual(fixture('message-detractor.json'));
    expect(server.messages).toHaveLength(1);
  });

  it('shows the rating at a glance and the comment quoted, escaped so it cannot ping or link', async () => {
    await destination().send(record());
    const message = server.messages.at(-1)!;
    const body = server.requests.at(-1)!.body;
    expect(message.text).toMatch(/^🔴 NPS 3\/10 · detractor · checkout: /);
    expect(body).not.toMatch(/<!channel>|<@U024BE7LH>|<script>|<https:\/\/evil/);
    expect(body).toContain('&lt;!channel&gt;');
    expect(body).toContain('> Please fix it.');
  });

  it('posts again when a delivery is repeated: incoming webhooks have no idempotency key', async () => {
    const sent = record();
    await destination().send(sent);
    await destination().send(sent);
    expect(server.messages).toHaveLength(2);
  });

  it.each(Object.entries(ANSWERS).filter(([name]) => name !== 'ok') as [Exclude<SlackFailure, 'hang'>, (typeof ANSWERS)['ok']][])(
    'classifies Slack’s %s answer',
    async (failure, answer) => {
      server.failNext(failure);
      const outcome = await destination().send(record());
      expect(outcome).toMatchObject({ kind: answer.outcome, status: answer.status });
      // The URL is the secret: no reason repeats it.
      expect(JSON.stringify(outcome)).not.toContain('/services/');
    },
  );

  it('throttles for Slack’s Retry-After on 429', async () => {
    server.failNext('rate_limited');
    expect(await destination().send(record())).toMatchObject({ kind: 'throttled', waitMs: 1_000, status: 429 });
  });

  it('pauses (auth) once the webhook is removed, and says to make a new one', async () => {
    const own = await startSlackServer();
    try {
      const hook = slackDestination({ id: 'alerts', webhookUrl: own.webhookUrl });
      expect((await hook.send(record())).kind).toBe('ok');
      own.revoke();
      expect(await hook.send(record())).toMatchObject({ kind: 'auth', status: 404, reason: expect.stringContaining('no_service') });
    } finally {
      await own.close();
    }
  });

  it('is refused (404 no_service) at a wrong webhook path', async () => {
    const wrong = slackDestination({ id: 'alerts', webhookUrl: server.webhookUrl.replace(/\/[^/]+$/, '/wrong') });
    expect(await wrong.send(record())).toMatchObject({ kind: 'auth', status: 404 });
  });

  it('retries when Slack does not answer in time, or at all, without naming the URL', async () => {
    server.failNext('hang');
    const slow = await destination({ timeoutMs: 300 }).send(record());
    expect(slow).toMatchObject({ kind: 'retry' });
    expect(JSON.stringify(slow)).not.toContain('/services/');
    const closed = slackDestination({ id: 'alerts', webhookUrl: 'http://127.0.0.1:1/services/T/B/secret' });
    const outcome = await closed.send(record());
    expect(outcome.kind).toBe('retry');
    expect(JSON.stringify(outcome)).not.toContain('secret');
  });

  it('posts a rating without comment or context as a short valid message', async () => {
    const bare = record({ comment: undefined, user: undefined, context: undefined, interaction: undefined, sentiment: undefined, topics: undefined });
    expect((await destination({ dashboardUrl: undefined }).send(bare)).kind).toBe('ok');
    expect(server.messages.at(-1)!.blocks).toHaveLength(2);
  });
});

describe('the Slack stand-in', () => {
  const post = (body: string | object, headers: Record<string, string> = {}) =>
    sendRequest(server.webhookUrl, { method: 'POST', headers, body, timeoutMs: 2_000 });

  it('refuses what Slack documents as invalid, so the adapter’s messages are checked for real', async () => {
    expect(await post('payload=%7B%7D', { 'content-type': 'application/x-www-form-urlencoded' })).toMatchObject({ status: 400, body: 'invalid_payload' });
    expect(await post('{not json', { 'content-type': 'application/json' })).toMatchObject({ status: 400, body: 'invalid_payload' });
    expect(await post({})).toMatchObject({ status: 400, body: 'no_text' });
    expect(await post({ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] })).toMatchObject({ status: 400, body: 'invalid_blocks' });
    expect(await post({ text: 'x', blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }] })).toMatchObject({ status: 400, body: 'invalid_blocks' });
    expect(await post({ text: 'x', blocks: [{ type: 'mystery' }] })).toMatchObject({ status: 400, body: 'invalid_blocks' });
    expect(await post({ text: 'plain' })).toMatchObject({ status: 200, body: 'ok' });
  });
});

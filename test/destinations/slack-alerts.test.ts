import { readFileSync } from 'node:fs';
import type { EnrichedRecord } from '@feedloop/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackDestination } from '../../packages/destinations/src/slack/slack-destination.js';
import { ANSWERS, startSlackServer, type SlackFailure, type SlackServer } from '../providers/slack-server.js';
import { detractorAlert, targetMissedAlert } from './alert-records.js';

// The two alerts against the Slack stand-in, which refuses what Slack would (Block Kit limits, no text, bad JSON).
const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/slack/${name}`, import.meta.url), 'utf8')) as T;
const rating = (): EnrichedRecord => fixture<EnrichedRecord>('record-detractor.json');
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

const destination = () => slackDestination({ id: 'alerts', webhookUrl: server.webhookUrl, dashboardUrl: DASHBOARD, timeoutMs: 2_000 });

describe('slack destination, alerts', () => {
  it('posts alert.detractor as the rating’s message under a “Follow up” header, escaped', async () => {
    expect(await destination().sendAlert!(detractorAlert(rating()))).toEqual({ kind: 'ok', status: 200 });
    const post = server.requests.at(-1)!;
    expect(post).toMatchObject({ method: 'POST', status: 200 });
    expect(post.headers['content-type']).toBe('application/json');
    const message = server.messages.at(-1)!;
    expect(message.text).toMatch(/^Follow up: 🔴 NPS 3\/10 · detractor · checkout: “Payment failed twice &lt;!channel&gt;/);
    // The rating message's blocks, under the follow-up title: the stored fixture is the rating's own message.
    const ratingMessage = fixture<{ blocks: { type: string }[] }>('message-detractor.json');
    expect(message.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Follow up: 🔴 NPS 3/10 · detractor · checkout', emoji: true } },
      ...ratingMessage.blocks.slice(1),
    ]);
    expect(post.body).not.toMatch(/<!channel>|<@U024BE7LH>|<script>|<https:\/\/evil/);
    expect(post.body).toContain('<https://feedloop.example/sites/shop/events/0190f2a4-7b1c-7cde-8f00-0123456789ab|Open in Feedloop>');
  });

  it('posts alert.target_missed with the figure against the target, the window and the site', async () => {
    const alert = targetMissedAlert({ eventId: '0190f2a4-7b1c-7cde-8f00-0123456789ab' });
    expect(await destination().sendAlert!(alert)).toEqual({ kind: 'ok', status: 200 });
    const message = server.messages.at(-1)!;
    expect(message.text).toBe('🔴 CSAT target missed · all touchpoints: 78.4 % over the last 7 days (n = 42, 95 % CI 64.1–88.0 %) — target ≥ 85 %');
    expect(message.blocks!.slice(0, 3)).toEqual([
      { type: 'header', text: { type: 'plain_text', text: '🔴 CSAT target missed · all touchpoints', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*78.4 %* over the last 7 days (n = 42, 95 % CI 64.1–88.0 %) — target ≥ 85 %' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Window*\n2026-11-17 – 2026-11-23 (UTC)' },
          { type: 'mrkdwn', text: '*Site*\nshop' },
          { type: 'mrkdwn', text: '*Target*\n`csat-all` · judged from 30 responses' },
        ],
      },
    ]);
    expect(JSON.stringify(message.blocks![3])).toContain('alert `0190f2a4-7b1c-7cde-8f00-0123456789ab-target-csat-all-1795428002310`');
  });

  it.each(Object.entries(ANSWERS).filter(([name]) => name !== 'ok') as [Exclude<SlackFailure, 'hang'>, (typeof ANSWERS)['ok']][])(
    'classifies Slack’s %s answer to an alert as it does for a rating',
    async (failure, answer) => {
      server.failNext(failure);
      const alertOutcome = await destination().sendAlert!(targetMissedAlert());
      server.failNext(failure);
      const ratingOutcome = await destination().send(rating());
      expect(alertOutcome).toMatchObject({ kind: answer.outcome, status: answer.status });
      expect(alertOutcome).toEqual(ratingOutcome);
      expect(JSON.stringify(alertOutcome)).not.toContain('/services/');
    },
  );

  it('throttles an alert for Slack’s Retry-After, and retries one Slack does not answer in time', async () => {
    server.failNext('rate_limited');
    expect(await destination().sendAlert!(detractorAlert(rating()))).toMatchObject({ kind: 'throttled', waitMs: 1_000, status: 429 });
    server.failNext('hang');
    const slow = slackDestination({ id: 'alerts', webhookUrl: server.webhookUrl, timeoutMs: 300 });
    expect(await slow.sendAlert!(targetMissedAlert())).toMatchObject({ kind: 'retry', reason: expect.stringContaining('did not answer') });
  });
});

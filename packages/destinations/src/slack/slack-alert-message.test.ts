import type { DetractorAlert, EnrichedRecord, TargetMissedAlert } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { detractorAlertMessage, slackAlertMessage, targetMissedMessage } from './slack-alert-message.js';
import { SLACK_LIMITS, slackMessage } from './slack-message.js';

const rating: EnrichedRecord = {
  id: '0190f2a4-7b1c-7cde-8f00-0123456789ab', touchpoint: 'checkout', metric: 'nps', value: 3, createdAt: '2026-11-23T10:00:00Z',
  site: 'shop', score: 0.3, bucket: 'detractor', receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00Z',
  comment: 'Checkout kept failing <!channel>', user: { name: 'Jane Doe', email: 'jane@example.com' },
};

const detractor: DetractorAlert = { type: 'alert.detractor', id: `${rating.id}-detractor`, site: 'shop', createdAt: '2026-11-23T10:00:02Z', rating };

const targetMissed = (extra: { target?: Partial<TargetMissedAlert['target']>; window?: Partial<TargetMissedAlert['window']>; site?: string } = {}): TargetMissedAlert => ({
  type: 'alert.target_missed', id: `${rating.id}-target-csat-all`, site: extra.site ?? 'shop', createdAt: '2026-11-23T10:00:05Z', eventId: rating.id,
  target: { id: 'csat-all', metric: 'csat', touchpoint: '*', min: 85, minResponses: 30, windowDays: 7, ...extra.target },
  window: { from: '2026-11-17', to: '2026-11-23', count: 42, headline: 78.42, ci95: [64.1, 88.0], ...extra.window },
});

const DASHBOARD = { dashboardUrl: 'https://feedloop.example/sites/{site}/events/{id}' };

describe('detractorAlertMessage', () => {
  it('is the rating’s message, titled as a follow-up', () => {
    const message = detractorAlertMessage(detractor, DASHBOARD);
    const ratingOnly = slackMessage(rating, DASHBOARD);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Follow up: 🔴 NPS 3/10 · detractor · checkout', emoji: true } });
    expect(message.text).toBe('Follow up: 🔴 NPS 3/10 · detractor · checkout: “Checkout kept failing &lt;!channel&gt;”');
    // Everything under the header is the rating's own: quoted comment, who, small print with the dashboard link.
    expect(message.blocks.slice(1)).toEqual(ratingOnly.blocks.slice(1));
    expect(message.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '> Checkout kept failing &lt;!channel&gt;' } });
    expect(JSON.stringify(message.blocks)).toContain('<https://feedloop.example/sites/shop/events/0190f2a4-7b1c-7cde-8f00-0123456789ab|Open in Feedloop>');
  });
});

describe('targetMissedMessage', () => {
  it('says which target, by how much, over which window, where', () => {
    expect(targetMissedMessage(targetMissed())).toEqual({
      text: '🔴 CSAT target missed · all touchpoints: 78.4 % over the last 7 days (n = 42, 95 % CI 64.1–88.0 %) — target ≥ 85 %',
      blocks: [
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
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: '<!date^1795428005^{date_short_pretty} {time}|2026-11-23T10:00:05Z>' },
            { type: 'mrkdwn', text: 'alert `0190f2a4-7b1c-7cde-8f00-0123456789ab-target-csat-all`' },
            { type: 'mrkdwn', text: 'tipped by event `0190f2a4-7b1c-7cde-8f00-0123456789ab`' },
          ],
        },
      ],
    });
  });

  it('writes NPS signed and CES as a mean, and names a touchpoint glob', () => {
    const nps = targetMissedMessage(targetMissed({ target: { metric: 'nps', min: 20, touchpoint: 'support.*' }, window: { headline: -4.04, ci95: [-20.5, 12.25] } }));
    expect(nps.blocks[0]).toMatchObject({ text: { text: '🔴 NPS target missed · support.*' } });
    expect(nps.blocks[1]).toMatchObject({ text: { text: '*−4.0* over the last 7 days (n = 42, 95 % CI −20.5 to +12.3) — target ≥ +20' } });
    const ces = targetMissedMessage(targetMissed({ target: { metric: 'ces', min: 5 }, window: { headline: 4.5, ci95: undefined } }));
    expect(ces.blocks[1]).toMatchObject({ text: { text: '*4.50* over the last 7 days (n = 42) — target ≥ 5' } });
  });

  it('escapes what it did not write, and stays within Block Kit’s limits', () => {
    const message = targetMissedMessage(targetMissed({ site: '<!here>&' + 's'.repeat(600) }));
    const site = (message.blocks[2] as { fields: { text: string }[] }).fields[1]!.text;
    expect(site.startsWith('*Site*\n&lt;!here&gt;&amp;')).toBe(true);
    expect(site.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallback);
  });
});

describe('slackAlertMessage', () => {
  it('picks the message by the alert’s type', () => {
    expect(slackAlertMessage(detractor).text).toMatch(/^Follow up: /);
    expect(slackAlertMessage(targetMissed()).text).toMatch(/^🔴 CSAT target missed/);
  });
});

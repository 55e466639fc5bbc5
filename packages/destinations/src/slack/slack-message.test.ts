import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { headline, ratingText, SLACK_LIMITS, slackMessage, type SlackBlock } from './slack-message.js';

const record = (extra: Partial<EnrichedRecord> = {}): EnrichedRecord => ({
  id: '0190f2a4-7b1c-7cde-8f00-0123456789ab', touchpoint: 'checkout', metric: 'nps', value: 3, createdAt: '2026-11-23T10:00:00Z',
  site: 'shop', score: 0.3, bucket: 'detractor', receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00Z',
  ...extra,
});

/** Every piece of mrkdwn text in the message. */
function mrkdwnOf(blocks: SlackBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'context') return block.elements.map((e) => e.text);
    if (block.type === 'section') return 'fields' in block ? block.fields.map((f) => f.text) : [block.text.text];
    return [];
  });
}

describe('headline', () => {
  it('reads at a glance: rating, bucket, touchpoint', () => {
    expect(headline(record())).toBe('🔴 NPS 3/10 · detractor · checkout');
    expect(headline(record({ metric: 'csat', value: 5, bucket: 'satisfied', touchpoint: 'support.chat' }))).toBe('🟢 CSAT 5/5 · satisfied · support.chat');
    expect(headline(record({ metric: 'nps', value: 7, bucket: 'passive' }))).toMatch(/^🟡 NPS 7\/10/);
  });

  it('words the two-valued metrics', () => {
    expect(ratingText({ metric: 'thumbs', value: 0 })).toBe('Thumbs down');
    expect(ratingText({ metric: 'fcr', value: 0 })).toBe('FCR no');
    expect(ratingText({ metric: 'ces', value: 2 })).toBe('CES 2/7');
  });
});

describe('slackMessage', () => {
  it('has a fallback text and blocks: header, quoted comment, fields, context with the event id', () => {
    const message = slackMessage(record({
      comment: 'Checkout kept failing.\nTried twice.',
      user: { id: 'u-42', name: 'Jane Doe', email: 'jane@example.com' },
      context: { url: 'https://shop.example/checkout', title: 'Checkout' },
      sentiment: { score: -0.62, label: 'negative' },
      topics: ['payment'],
    }), { dashboardUrl: 'https://feedloop.example/sites/{site}/events/{id}' });
    expect(message.text).toBe('🔴 NPS 3/10 · detractor · checkout: “Checkout kept failing. Tried twice.”');
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🔴 NPS 3/10 · detractor · checkout', emoji: true } });
    expect(message.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '> Checkout kept failing.\n> Tried twice.' } });
    const texts = mrkdwnOf(message.blocks);
    expect(texts).toContain('*Customer*\nJane Doe · jane@example.com');
    expect(texts).toContain('*Page*\n<https://shop.example/checkout|Checkout>');
    expect(texts).toContain('*Sentiment*\nnegative (−0.62)');
    expect(texts).toContain('*Topics*\npayment');
    expect(texts).toContain('event `0190f2a4-7b1c-7cde-8f00-0123456789ab`');
    expect(texts).toContain('<https://feedloop.example/sites/shop/events/0190f2a4-7b1c-7cde-8f00-0123456789ab|Open in Feedloop>');
    expect(texts.some((t) => t.startsWith('<!date^1795428000^'))).toBe(true);
  });

  it('cannot be made to ping, link or format by what the customer wrote', () => {
    const message = slackMessage(record({
      comment: '<!channel> <!here> <@U0123> click <https://evil.example|here> <script>alert(1)</script> & more',
      user: { name: '<!everyone>', email: 'x@y.example' },
      context: { url: 'https://shop.example/a?b=1&c=2', title: '<!subteam^S1> Cart' },
      topics: ['<b>'],
    }));
    const everything = [message.text, ...mrkdwnOf(message.blocks)].join('\n');
    expect(everything).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U0123>|<script>|<!subteam/);
    expect(everything).not.toContain('<https://evil.example');
    expect(everything).toContain('&lt;!channel&gt;');
    expect(everything).toContain('&amp; more');
    // The only control sequences left are ours: the page link, the date.
    const controls = everything.match(/<[^>]*>/g) ?? [];
    for (const control of controls) expect(control).toMatch(/^<(https:\/\/shop\.example\/|!date\^)/);
  });

  it('leaves out what the record lacks and fits Block Kit’s limits with a long comment', () => {
    const bare = slackMessage(record());
    expect(bare.blocks.map((b) => b.type)).toEqual(['header', 'context']);
    expect(bare.text).toBe('🔴 NPS 3/10 · detractor · checkout');
    const long = slackMessage(record({ comment: '<&>'.repeat(666) + 'x'.repeat(2) }));
    const section = long.blocks[1] as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.section);
    expect(section.text.text).not.toMatch(/&[a-z]*…/);
    expect(long.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallback);
    const manyLines = slackMessage(record({ comment: 'a\n\n'.repeat(666) }));
    expect((manyLines.blocks[1] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.section);
  });
});

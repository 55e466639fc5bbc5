import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { commentText } from './comment-text.js';
import { ticketBody, ticketSubject, ticketTags } from './ticket-body.js';

const record = (extra: Partial<EnrichedRecord> = {}): EnrichedRecord => ({
  id: '01937a3c-1d2e-7f00-8a00-000000000002', touchpoint: 'checkout', metric: 'csat', value: 1, comment: 'Card declined twice',
  site: 'shop', score: 0, bucket: 'dissatisfied', createdAt: '2026-11-23T10:00:00Z', receivedAt: '2026-11-23T10:00:01Z',
  timestamp: '2026-11-23T10:00:00Z', user: { id: 'u7', email: 'grace@example.com', name: 'Grace Hopper' },
  ...extra,
});

describe('ticketBody', () => {
  it('builds the ticket: subject, private escaped comment, requester, tags, external_id, priority by bucket', () => {
    const built = ticketBody(record());
    expect(built).toMatchObject({
      ok: true,
      body: {
        ticket: {
          subject: 'CSAT 1/5 at checkout: Card declined twice',
          comment: { public: false, html_body: expect.stringContaining('“Card declined twice”') },
          requester: { name: 'Grace Hopper', email: 'grace@example.com' },
          tags: ['feedloop', 'touchpoint_checkout', 'metric_csat', 'bucket_dissatisfied'],
          external_id: '01937a3c-1d2e-7f00-8a00-000000000002',
          priority: 'high',
        },
      },
    });
    if (built.ok) expect(Object.keys(built.body.ticket)).not.toContain('custom_fields');
  });

  it('is the same bytes for the same record, so an Idempotency-Key repeat matches', () => {
    expect(JSON.stringify(ticketBody(record()))).toBe(JSON.stringify(ticketBody(record())));
  });

  it('applies the mapping: type, group, extra tags, custom fields, public comment, fallback priority', () => {
    const built = ticketBody(record({ bucket: 'neutral', value: 3, topics: ['payment'] }), {
      type: 'problem', groupId: 360001, tags: ['vip', 'Feedloop'], publicComment: true, priority: 'low',
      customFields: [{ id: 11, value: '{value}' }, { id: 12, value: '{user.name}' }, { id: 13, value: true }, { id: 14, value: '{agent}' }],
    });
    expect(built.ok && built.body.ticket).toMatchObject({
      type: 'problem', group_id: 360001, priority: 'low', comment: { public: true },
      tags: ['feedloop', 'touchpoint_checkout', 'metric_csat', 'bucket_neutral', 'topic_payment', 'vip'],
      custom_fields: [{ id: 11, value: 3 }, { id: 12, value: 'Grace Hopper' }, { id: 13, value: true }],
    });
  });

  it('leaves the requester to Zendesk (the API user) without an e-mail, or refuses when told to', () => {
    const anonymous = record({ user: { id: 'u9' } });
    const built = ticketBody(anonymous);
    expect(built.ok && 'requester' in built.body.ticket).toBe(false);
    expect(ticketBody(anonymous, { requesterWithoutEmail: 'reject' })).toEqual({ ok: false, reason: expect.stringContaining('no user.email') });
    const nameless = ticketBody(record({ user: { email: 'linus@example.com' } }));
    expect(nameless.ok && nameless.body.ticket.requester).toEqual({ name: 'linus', email: 'linus@example.com' });
  });

  it('keeps the comment as typed: escaped html_body, never Markdown-reading body', () => {
    const built = ticketBody(record({ comment: '<script>alert(1)</script> & <b>bold</b>' }));
    expect(built.ok && built.body.ticket.comment.html_body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(built.ok && 'body' in built.body.ticket.comment).toBe(false);
  });
});

describe('ticketSubject', () => {
  it('drops the dangling separator of an empty comment, keeps to one line and 150 characters', () => {
    expect(ticketSubject('{METRIC} {value}/{max} at {touchpoint}: {comment}', record({ comment: undefined }))).toBe('CSAT 1/5 at checkout');
    expect(ticketSubject('{comment}', record({ comment: 'line one\nline two' }))).toBe('line one line two');
    const long = ticketSubject('{comment}', record({ comment: 'x'.repeat(400) }));
    expect(long).toHaveLength(150);
    expect(long.endsWith('…')).toBe(true);
    expect(ticketSubject('{user.phone}', record())).toBe('{user.phone}');
    expect(ticketSubject('{title}', record())).toBe('CSAT 1 at checkout');
  });
});

describe('ticketTags', () => {
  it('sanitises dots and spaces and drops repeats', () => {
    expect(ticketTags(record({ touchpoint: 'support.chat', topics: ['Late delivery', 'late-delivery'] }), { tags: ['support_chat'], topicTags: true })).toEqual([
      'feedloop', 'touchpoint_support_chat', 'metric_csat', 'bucket_dissatisfied', 'topic_late_delivery', 'topic_late-delivery', 'support_chat',
    ]);
    expect(ticketTags(record({ topics: ['x'] }), { tags: [], topicTags: false })).not.toContain('topic_x');
  });
});

describe('commentText', () => {
  it('says what the rating was and what else is known', () => {
    const text = commentText(record({
      answers: { reason: 'price', again: false }, context: { url: 'https://shop.example/pay', title: 'Pay' },
      sentiment: { score: -0.62, label: 'negative' }, topics: ['payment'], interaction: { channel: 'chat', id: 'c1', agentId: 'a2' },
    }));
    expect(text).toBe([
      'CSAT 1/5 (dissatisfied) at checkout on shop',
      '',
      '“Card declined twice”',
      '',
      'Answers:',
      '- reason: price',
      '- again: false',
      'Customer: Grace Hopper <grace@example.com>, id u7',
      'Page: Pay — https://shop.example/pay',
      'Sentiment: negative (-0.62)',
      'Topics: payment',
      'Interaction: chat, c1, agent a2',
      'Answered at 2026-11-23T10:00:00Z',
      'Feedloop event 01937a3c-1d2e-7f00-8a00-000000000002',
    ].join('\n'));
    expect(commentText(record({ user: undefined, comment: undefined }))).toContain('No comment.\n\nCustomer: anonymous');
  });
});

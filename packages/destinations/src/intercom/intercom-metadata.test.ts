import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { INTERCOM_DEFAULT_METADATA, INTERCOM_METADATA_FIELDS, INTERCOM_METADATA_KEYS, INTERCOM_STRING_CHARS, intercomMetadata } from './intercom-metadata.js';
import { truncateChars } from '../truncate-chars.js';

const record = (extra: Partial<EnrichedRecord> = {}): EnrichedRecord => ({
  id: '0190f2a4-7b1c-7cde-8f00-0123456789ab', touchpoint: 'checkout', metric: 'nps', value: 3, createdAt: '2026-11-23T10:00:00Z',
  site: 'shop', score: 0.3, bucket: 'detractor', receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00.750Z',
  ...extra,
});

describe('intercomMetadata', () => {
  it('is flat: the event id first, then the default fields the record has, as strings and numbers', () => {
    const metadata = intercomMetadata(record({
      comment: '  Shipping took forever  ', context: { url: 'https://shop.example/checkout' },
      sentiment: { score: -0.6, label: 'negative' }, topics: ['delivery', 'speed'],
    }));
    expect(metadata).toEqual({
      feedloop_event_id: '0190f2a4-7b1c-7cde-8f00-0123456789ab', metric: 'nps', value: 3, bucket: 'detractor', score: 0.3,
      touchpoint: 'checkout', comment: 'Shipping took forever', page_url: 'https://shop.example/checkout', sentiment: 'negative',
      topics: 'delivery, speed',
    });
    expect(Object.keys(metadata)[0]).toBe('feedloop_event_id');
    for (const value of Object.values(metadata)) expect(['string', 'number']).toContain(typeof value);
  });

  it('leaves out what the record lacks instead of sending empty values', () => {
    expect(intercomMetadata(record({ comment: '   ', topics: [] }))).toEqual({
      feedloop_event_id: expect.any(String), metric: 'nps', value: 3, bucket: 'detractor', score: 0.3, touchpoint: 'checkout',
    });
  });

  it('never sends more keys than Intercom keeps, even when asked for every field', () => {
    const full = record({
      comment: 'x', context: { url: 'https://a.example/', title: 'A', country: 'DE', device: { type: 'mobile', bot: false } },
      sentiment: { score: 0.1, label: 'neutral' }, topics: ['t'], interaction: { id: 'c1', channel: 'chat', agentId: 'a1' },
    });
    const metadata = intercomMetadata(full, INTERCOM_METADATA_FIELDS);
    expect(Object.keys(metadata)).toHaveLength(INTERCOM_METADATA_KEYS);
    expect(metadata.feedloop_event_id).toBe(full.id);
    expect(INTERCOM_DEFAULT_METADATA.length).toBe(INTERCOM_METADATA_KEYS - 1);
  });

  it('cuts strings to Intercom’s 255 characters and leaves out a URL too long to stay a link', () => {
    const long = 'é'.repeat(300);
    const metadata = intercomMetadata(record({ comment: long, context: { url: `https://shop.example/${'p'.repeat(300)}` } }));
    expect((metadata.comment as string).length).toBe(INTERCOM_STRING_CHARS);
    expect(metadata.comment).toMatch(/…$/);
    expect(metadata.page_url).toBeUndefined();
  });

  it('follows the configured order and fields', () => {
    expect(Object.keys(intercomMetadata(record({ interaction: { channel: 'email' } }), ['channel', 'site', 'metric']))).toEqual([
      'feedloop_event_id', 'channel', 'site', 'metric',
    ]);
  });
});

describe('truncateChars', () => {
  it('keeps short text, cuts long text with an ellipsis, never splits an emoji', () => {
    expect(truncateChars('short', 10)).toBe('short');
    expect(truncateChars('abcdefghij', 5)).toBe('abcd…');
    expect(truncateChars('ab😀😀😀', 5)).toBe('ab😀…');
    expect(truncateChars('ab😀😀', 4)).toBe('ab…');
  });
});

import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { escapeHtml, noteBody, ratingText } from './note-body.js';

const record = (overrides: Partial<EnrichedRecord> = {}): EnrichedRecord => ({
  id: '0192f4a8-7b1e-7c3d-9a51-3f6c2d8e4b10', touchpoint: 'checkout', metric: 'csat', value: 2, createdAt: '2026-11-23T10:00:00Z',
  site: 'shop', score: 0.25, bucket: 'dissatisfied', receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00Z', ...overrides,
});

describe('note body', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('says each metric the way people read it', () => {
    expect(ratingText({ metric: 'nps', value: 6, bucket: 'detractor' })).toBe('NPS 6/10 (detractor)');
    expect(ratingText({ metric: 'csat', value: 5, bucket: 'satisfied' })).toBe('CSAT 5/5 (satisfied)');
    expect(ratingText({ metric: 'ces', value: 2, bucket: 'hard' })).toBe('CES 2/7 (hard)');
    expect(ratingText({ metric: 'emoji', value: 3, bucket: 'neutral' })).toBe('Emoji 3/5 (neutral)');
    expect(ratingText({ metric: 'thumbs', value: 0, bucket: 'negative' })).toBe('Thumbs down (negative)');
    expect(ratingText({ metric: 'fcr', value: 1, bucket: 'resolved' })).toBe('First-contact resolution: resolved');
  });

  it('holds the rating, touchpoint, comment, page and event id, and a comment with HTML stays text', () => {
    const body = noteBody(record({
      comment: 'Late again.\n<script>alert(1)</script>',
      context: { url: 'https://shop.example/track?id="1"', title: 'Track <order>' },
      sentiment: { score: -0.6, label: 'negative' },
      topics: ['delivery'],
    }));
    expect(body).toBe(
      '<p><strong>CSAT 2/5 (dissatisfied)</strong> at touchpoint <strong>checkout</strong></p>' +
        '<p>Late again.<br>&lt;script&gt;alert(1)&lt;/script&gt;</p>' +
        '<p>Page: <a href="https://shop.example/track?id=&quot;1&quot;">Track &lt;order&gt;</a></p>' +
        '<p>sentiment negative · topics delivery</p>' +
        '<p>Feedloop · site shop · event 0192f4a8-7b1e-7c3d-9a51-3f6c2d8e4b10</p>',
    );
  });

  it('links only http(s) pages and shows the URL when there is no title', () => {
    expect(noteBody(record({ context: { url: 'https://shop.example/a' } }))).toContain('<a href="https://shop.example/a">https://shop.example/a</a>');
    const sneaky = { ...record(), context: { url: 'javascript:alert(1)' } } as EnrichedRecord;
    expect(noteBody(sneaky)).toContain('<p>Page: javascript:alert(1)</p>');
  });
});

import { describe, expect, it } from 'vitest';
import { toRecord } from './to-record.js';

describe('toRecord', () => {
  it('adds site, score, bucket and the server times to the event', () => {
    const record = toRecord({
      site: 'shop',
      receivedAt: '2026-11-23T10:00:01.000Z',
      timestamp: '2026-11-23T09:59:58.000Z',
      event: { id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', touchpoint: 'checkout', metric: 'ces', value: 6, createdAt: '2026-11-23T09:59:00Z', comment: 'easy' },
    });
    expect(record).toEqual({
      id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', touchpoint: 'checkout', metric: 'ces', value: 6, createdAt: '2026-11-23T09:59:00Z', comment: 'easy',
      site: 'shop', score: 5 / 6, bucket: 'easy', receivedAt: '2026-11-23T10:00:01.000Z', timestamp: '2026-11-23T09:59:58.000Z',
    });
  });
});

import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { detractorAlert } from './detractor-alert.js';

const record = (overrides: Partial<EnrichedRecord>) =>
  ({ id: 'e1', site: 'shop', touchpoint: 'checkout', metric: 'nps', value: 3, bucket: 'detractor', receivedAt: '2026-12-01T10:00:00.000Z', ...overrides }) as EnrichedRecord;

describe('detractorAlert', () => {
  it('follows up an unhappy rating of any metric that came with a comment', () => {
    expect(detractorAlert(record({ comment: 'slow' }))).toEqual({
      type: 'alert.detractor',
      id: 'e1-detractor',
      site: 'shop',
      createdAt: '2026-12-01T10:00:00.000Z',
      rating: record({ comment: 'slow' }),
    });
    expect(detractorAlert(record({ metric: 'csat', value: 2, bucket: 'dissatisfied', comment: 'x' }))).toBeDefined();
    expect(detractorAlert(record({ metric: 'ces', value: 1, bucket: 'hard', comment: 'x' }))).toBeDefined();
    expect(detractorAlert(record({ metric: 'thumbs', value: 0, bucket: 'negative', comment: 'x' }))).toBeDefined();
    expect(detractorAlert(record({ metric: 'fcr', value: 0, bucket: 'unresolved', comment: 'x' }))).toBeDefined();
  });

  it('leaves alone a rating without a comment, or one that is not unhappy', () => {
    expect(detractorAlert(record({}))).toBeUndefined();
    expect(detractorAlert(record({ comment: '   ' }))).toBeUndefined();
    expect(detractorAlert(record({ value: 7, bucket: 'passive', comment: 'ok' }))).toBeUndefined();
    expect(detractorAlert(record({ metric: 'csat', value: 3, bucket: 'neutral', comment: 'meh' }))).toBeUndefined();
  });
});

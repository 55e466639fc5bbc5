import { describe, expect, it } from 'vitest';
import { bucketCounts, count, entries, histogramOf, mergeHistograms } from './histogram.js';

describe('histogram helpers', () => {
  it('counts responses, 0 for an empty histogram', () => {
    expect(count({})).toBe(0);
    expect(count({ '9': 50, '7': 30, '3': 20 })).toBe(100);
    expect(count({ '1': 0 })).toBe(0);
  });

  it('refuses counts that are not non-negative integers', () => {
    expect(() => count({ '1': -1 })).toThrow(RangeError);
    expect(() => count({ '1': 1.5 })).toThrow(/non-negative integers/);
    expect(() => mergeHistograms({ '1': Number.NaN })).toThrow(RangeError);
  });

  it('builds a histogram from values', () => {
    expect(histogramOf([9, 9, 7, 3])).toEqual({ '9': 2, '7': 1, '3': 1 });
    expect(histogramOf([])).toEqual({});
  });

  it('counts buckets by the metric’s scale, every bucket present, best first', () => {
    // nps: 9, 10 promoter · 7, 8 passive · 0–6 detractor
    const b = bucketCounts('nps', { '10': 3, '9': 2, '8': 4, '6': 1, '0': 5 });
    expect(b).toEqual({ promoter: 5, passive: 4, detractor: 6 });
    expect(Object.keys(b)).toEqual(['promoter', 'passive', 'detractor']);
    // ces: 5–7 easy · 4 neutral · 1–3 hard
    expect(bucketCounts('ces', { '7': 1, '5': 2, '4': 3, '1': 4 })).toEqual({ easy: 3, neutral: 3, hard: 4 });
    expect(bucketCounts('csat', {})).toEqual({ satisfied: 0, neutral: 0, dissatisfied: 0 });
    expect(bucketCounts('thumbs', { '1': 7, '0': 3 })).toEqual({ positive: 7, negative: 3 });
    expect(bucketCounts('fcr', { '1': 2 })).toEqual({ resolved: 2, unresolved: 0 });
  });

  it('refuses values off the scale (with a count) and ignores zero counts', () => {
    expect(() => bucketCounts('csat', { '6': 1 })).toThrow(RangeError);
    expect(() => bucketCounts('nps', { '': 1 })).toThrow(RangeError);
    expect(() => bucketCounts('ces', { '3.5': 1 })).toThrow(RangeError);
    expect(() => bucketCounts('thumbs', { yes: 1 })).toThrow(RangeError);
    expect(entries('csat', { '6': 0, '5': 2 })).toEqual([{ value: 5, n: 2, bucket: 'satisfied' }]);
  });

  it('merges histograms key by key without touching the inputs', () => {
    const a = { '1': 2, '5': 1 };
    const b = { '5': 3, '3': 1 };
    expect(mergeHistograms(a, b, {})).toEqual({ '1': 2, '5': 4, '3': 1 });
    expect(a).toEqual({ '1': 2, '5': 1 });
    expect(mergeHistograms()).toEqual({});
  });
});

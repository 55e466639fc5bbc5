import { describe, expect, it } from 'vitest';
import { bucket, bucketsOf, isValidValue, METRIC_NAMES, METRIC_SCALES, score, type Bucket, type Metric } from './metrics.js';

// Every value of every scale, bucketed by hand from DESIGN.md's table.
const EXPECTED: Record<Metric, Bucket[]> = {
  csat: ['dissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'satisfied'],
  emoji: ['dissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'satisfied'],
  nps: ['detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter'],
  ces: ['hard', 'hard', 'hard', 'neutral', 'easy', 'easy', 'easy'],
  thumbs: ['negative', 'positive'],
  fcr: ['unresolved', 'resolved'],
};

describe('bucket', () => {
  for (const metric of METRIC_NAMES) {
    it(`puts every ${metric} value in its bucket`, () => {
      const { min, max } = METRIC_SCALES[metric];
      const actual = Array.from({ length: max - min + 1 }, (_, i) => bucket(metric, min + i));
      expect(actual).toEqual(EXPECTED[metric]);
    });
  }

  it('refuses values outside the scale or not integers', () => {
    expect(() => bucket('csat', 0)).toThrow(RangeError);
    expect(() => bucket('csat', 6)).toThrow(/csat takes an integer from 1 to 5/);
    expect(() => bucket('nps', -1)).toThrow(RangeError);
    expect(() => bucket('nps', 11)).toThrow(RangeError);
    expect(() => bucket('ces', 3.5)).toThrow(RangeError);
    expect(() => bucket('thumbs', 2)).toThrow(RangeError);
    expect(() => bucket('fcr', Number.NaN)).toThrow(RangeError);
  });

  it('lists each metric’s buckets best first', () => {
    expect(bucketsOf('nps')).toEqual(['promoter', 'passive', 'detractor']);
    expect(bucketsOf('ces')).toEqual(['easy', 'neutral', 'hard']);
  });
});

describe('score', () => {
  it.each([
    ['csat', 1, 0], ['csat', 3, 0.5], ['csat', 5, 1],
    ['nps', 0, 0], ['nps', 6, 0.6], ['nps', 10, 1],
    ['ces', 1, 0], ['ces', 4, 0.5], ['ces', 7, 1],
    ['thumbs', 0, 0], ['thumbs', 1, 1],
    ['emoji', 2, 0.25], ['fcr', 1, 1], ['fcr', 0, 0],
  ] as const)('%s %i scores %d', (metric, value, expected) => {
    expect(score(metric, value)).toBeCloseTo(expected, 10);
  });

  it('refuses values outside the scale', () => {
    expect(() => score('ces', 8)).toThrow(RangeError);
    expect(() => score('emoji', 0)).toThrow(RangeError);
  });
});

describe('isValidValue', () => {
  it('accepts integers inside the scale only', () => {
    expect(isValidValue('nps', 0)).toBe(true);
    expect(isValidValue('nps', 10)).toBe(true);
    expect(isValidValue('nps', 10.5)).toBe(false);
    expect(isValidValue('nps', '9')).toBe(false);
    expect(isValidValue('csat', 0)).toBe(false);
  });
});

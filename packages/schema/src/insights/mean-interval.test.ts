import { describe, expect, it } from 'vitest';
import { meanInterval } from './mean-interval.js';

describe('meanInterval', () => {
  it('has nothing for no responses', () => {
    expect(meanInterval([])).toEqual({ n: 0, mean: undefined, variance: undefined, ci95: undefined });
  });

  it('has a mean but no interval for one response', () => {
    expect(meanInterval([{ value: 5, n: 1 }])).toEqual({ n: 1, mean: 5, variance: undefined, ci95: undefined });
  });

  it('CES 7×2, 6×3, 5×3, 4×1, 3×1 → mean 5.4, interval [4.495, 6.305]', () => {
    // n = 10; Σv = 14 + 18 + 15 + 4 + 3 = 54; mean = 5.4
    // SS = 2·1.6² + 3·0.6² + 3·0.4² + 1.4² + 2.4² = 5.12 + 1.08 + 0.48 + 1.96 + 5.76 = 14.4; s² = 14.4/9 = 1.6
    // SE = √(1.6/10) = 0.4; t_{0.975, 9} = 2.262157; half = 0.904863 → [4.495137, 6.304863]
    const m = meanInterval([
      { value: 7, n: 2 },
      { value: 6, n: 3 },
      { value: 5, n: 3 },
      { value: 4, n: 1 },
      { value: 3, n: 1 },
    ]);
    expect(m.n).toBe(10);
    expect(m.mean).toBeCloseTo(5.4, 12);
    expect(m.variance).toBeCloseTo(1.6, 12);
    expect(m.ci95![0]).toBeCloseTo(4.495137, 5);
    expect(m.ci95![1]).toBeCloseTo(6.304863, 5);
  });

  it('clamps a small-sample interval to the scale', () => {
    // 7 and 5: mean 6, s² = 2, SE = 1, t_{0.975, 1} = 12.7062 → [−6.71, 18.71] → clamped to [1, 7]
    const values = [{ value: 7, n: 1 }, { value: 5, n: 1 }];
    expect(meanInterval(values).ci95![0]).toBeCloseTo(-6.7062, 4);
    expect(meanInterval(values, { min: 1, max: 7 }).ci95).toEqual([1, 7]);
  });

  it('gives a zero-width interval when every answer is the same', () => {
    expect(meanInterval([{ value: 7, n: 20 }]).ci95).toEqual([7, 7]);
  });
});

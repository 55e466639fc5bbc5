import { describe, expect, it } from 'vitest';
import { comparePeriods } from './compare-periods.js';

describe('comparePeriods', () => {
  describe('proportions: pooled two-proportion z-test', () => {
    it('csat 90/100 vs 70/100 → +20 points, significant', () => {
      // p̄ = 160/200 = 0.8; SE = √(0.8 · 0.2 · (1/100 + 1/100)) = √0.0032 = 0.0565685
      // z = (0.9 − 0.7) / 0.0565685 = 3.5355 > 1.96
      const c = comparePeriods('csat', { '5': 90, '1': 10 }, { '4': 70, '2': 30 });
      expect(c.previous).toEqual({ count: 100, headline: 70 });
      expect(c.change).toBeCloseTo(20, 12);
      expect(c.significant).toBe(true);
    });

    it('thumbs 52/100 vs 50/100 → +2 points, not significant', () => {
      // p̄ = 102/200 = 0.51; SE = √(0.51 · 0.49 · 0.02) = 0.0706965; z = 0.02 / 0.0706965 = 0.283
      const c = comparePeriods('thumbs', { '1': 52, '0': 48 }, { '1': 50, '0': 50 });
      expect(c.change).toBeCloseTo(2, 12);
      expect(c.significant).toBe(false);
    });

    it('fcr 30/100 vs 50/100 → −20 points, significant (the direction does not matter)', () => {
      // p̄ = 0.4; SE = √(0.4 · 0.6 · 0.02) = 0.0692820; z = −0.2 / 0.0692820 = −2.887
      const c = comparePeriods('fcr', { '1': 30, '0': 70 }, { '1': 50, '0': 50 });
      expect(c.change).toBeCloseTo(-20, 12);
      expect(c.significant).toBe(true);
    });

    it('does not test when an expected count is under 5: 10/10 vs 6/10', () => {
      // p̄ = 16/20 = 0.8; expected failures 10 · 0.2 = 2 < 5. The naive z would be 0.4 / √(0.8·0.2·0.2) = 2.236,
      // "significant", while Fisher's exact test gives p = 0.087.
      const c = comparePeriods('csat', { '5': 10 }, { '5': 6, '1': 4 });
      expect(c.change).toBeCloseTo(40, 12);
      expect(c.significant).toBe(false);
    });

    it('identical all-satisfied periods → change 0, not significant', () => {
      const c = comparePeriods('emoji', { '5': 50 }, { '4': 40 });
      expect(c.change).toBe(0);
      expect(c.significant).toBe(false);
    });
  });

  describe('empty and tiny periods', () => {
    it('empty previous period → no change, not significant', () => {
      const c = comparePeriods('csat', { '5': 90, '1': 10 }, {});
      expect(c).toEqual({ previous: { count: 0, headline: undefined }, change: undefined, significant: false });
    });

    it('empty current period → no change, not significant', () => {
      const c = comparePeriods('nps', {}, { '9': 3 });
      expect(c).toEqual({ previous: { count: 3, headline: 100 }, change: undefined, significant: false });
    });

    it('both empty', () => {
      expect(comparePeriods('ces', {}, {})).toEqual({
        previous: { count: 0, headline: undefined },
        change: undefined,
        significant: false,
      });
    });

    it('one response each → a change, never significant', () => {
      expect(comparePeriods('csat', { '5': 1 }, { '1': 1 })).toEqual({
        previous: { count: 1, headline: 0 },
        change: 100,
        significant: false,
      });
      expect(comparePeriods('nps', { '10': 1 }, { '0': 1 }).significant).toBe(false);
      expect(comparePeriods('ces', { '7': 1 }, { '1': 1 })).toEqual({
        previous: { count: 1, headline: 1 },
        change: 6,
        significant: false,
      });
    });

    it('fewer than 10 responses in a period → not significant, however extreme', () => {
      expect(comparePeriods('nps', { '10': 9 }, { '0': 9 })).toEqual({
        previous: { count: 9, headline: -100 },
        change: 200,
        significant: false,
      });
    });
  });

  describe('nps: z-test on two adjusted-Wald estimates', () => {
    it('50/30/20 (NPS 30) vs 30/30/40 (NPS −10) → +40, significant', () => {
      // current:  NPS' = 0.2912621, Var' = 0.00591593 (nps-interval.test.ts)
      // previous: n' = 103; pP' = 30.75/103 = 0.2985437; pD' = 40.75/103 = 0.3956311; NPS' = −0.0970874
      //           Var'·n' = 0.6941748 − 0.0094260 = 0.6847488; Var' = 0.00664805
      // z = (0.2912621 + 0.0970874) / √(0.00591593 + 0.00664805) = 0.3883495 / 0.1120892 = 3.465 > 1.96
      const c = comparePeriods(
        'nps',
        { '10': 50, '8': 30, '5': 20 },
        { '9': 30, '7': 30, '2': 40 },
      );
      expect(c.previous).toEqual({ count: 100, headline: -10 });
      expect(c.change).toBe(40);
      expect(c.significant).toBe(true);
    });

    it('50/30/20 (NPS 30) vs 48/30/22 (NPS 26) → +4, not significant', () => {
      // previous: pP' = 48.75/103 = 0.4733010; pD' = 22.75/103 = 0.2208738; NPS' = 0.2524272
      //           Var'·n' = 0.6941748 − 0.0637195 = 0.6304553; Var' = 0.00612092
      // z = (0.2912621 − 0.2524272) / √(0.00591593 + 0.00612092) = 0.0388349 / 0.1097126 = 0.354
      const c = comparePeriods('nps', { '9': 50, '7': 30, '0': 20 }, { '9': 48, '7': 30, '0': 22 });
      expect(c.change).toBe(4);
      expect(c.significant).toBe(false);
    });

    it('all promoters vs all promoters → 0, not significant; vs all detractors → +200, significant', () => {
      // all promoters, n = 10: NPS' = 0.7692308, Var' = 0.02253072; all detractors: the mirror
      // z = 1.5384615 / √(2 · 0.02253072) = 1.5384615 / 0.2122767 = 7.247
      expect(comparePeriods('nps', { '10': 10 }, { '9': 10 })).toEqual({
        previous: { count: 10, headline: 100 },
        change: 0,
        significant: false,
      });
      const c = comparePeriods('nps', { '10': 10 }, { '0': 10 });
      expect(c.change).toBe(200);
      expect(c.significant).toBe(true);
    });
  });

  describe('ces: Welch t-test', () => {
    const current = { '7': 2, '6': 3, '5': 3, '4': 1, '3': 1 }; // n 10, mean 5.4, s² 1.6

    it('5.4 vs 3.5 → +1.9, significant', () => {
      // previous 4×5, 3×5: mean 3.5, s² = 10 · 0.25 / 9 = 0.2777778
      // SE² = 1.6/10 + 0.2777778/10 = 144/900 + 25/900 = 169/900; SE = 13/30 = 0.4333333
      // t = 1.9 / 0.4333333 = 57/13 = 4.3846
      // df = (169/900)² / ((144/900)²/9 + (25/900)²/9) = 9 · 169² / (144² + 25²) = 257049 / 21361 = 12.034
      // t_{0.975, 12.03} = 2.178 < 4.3846 (p = 0.00088)
      const c = comparePeriods('ces', current, { '4': 5, '3': 5 });
      expect(c.previous).toEqual({ count: 10, headline: 3.5 });
      expect(c.change).toBeCloseTo(1.9, 12);
      expect(c.significant).toBe(true);
    });

    it('5.4 vs 4.5 → +0.9: past 1.96 but not past t_{0.975, 12.03} = 2.178, so not significant', () => {
      // previous 5×5, 4×5: mean 4.5, s² = 0.2777778; SE = 13/30 as above
      // t = 0.9 / 0.4333333 = 2.0769; df = 12.034; p = 0.0599 — a normal approximation would have said p < 0.05
      const c = comparePeriods('ces', current, { '5': 5, '4': 5 });
      expect(c.change).toBeCloseTo(0.9, 12);
      expect(c.significant).toBe(false);
    });

    it('5.4 vs 5.0 → +0.4, not significant', () => {
      // previous 6×3, 5×4, 4×3: mean 5, s² = 6/9 = 0.6666667
      // SE = √(0.16 + 0.0666667) = 0.4760952; t = 0.4 / 0.4760952 = 0.840
      const c = comparePeriods('ces', current, { '6': 3, '5': 4, '4': 3 });
      expect(c.change).toBeCloseTo(0.4, 12);
      expect(c.significant).toBe(false);
    });

    it('no variance in either period: different means are significant, equal ones are not', () => {
      expect(comparePeriods('ces', { '7': 10 }, { '1': 10 })).toEqual({
        previous: { count: 10, headline: 1 },
        change: 6,
        significant: true,
      });
      expect(comparePeriods('ces', { '7': 10 }, { '7': 12 }).significant).toBe(false);
    });
  });
});

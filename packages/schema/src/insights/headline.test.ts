import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, METRIC_SCALES } from '../metrics.js';
import { headline, headlineWeight } from './headline.js';

// The interval arithmetic is written out in wilson.test.ts, nps-interval.test.ts and mean-interval.test.ts;
// here the same fixtures arrive as histograms and leave in the API's units.

describe('headline', () => {
  describe('empty period', () => {
    for (const metric of METRIC_NAMES) {
      it(`${metric}: count 0, no headline, no interval`, () => {
        const h = headline(metric, {});
        expect(h.count).toBe(0);
        expect(h.headline).toBeUndefined();
        expect(h.histogram).toEqual({});
        expect(Object.values(h.buckets).every((n) => n === 0)).toBe(true);
        expect('ci95' in h).toBe(false);
        expect('easyPct' in h).toBe(false);
      });
    }
  });

  it('csat: 85 of 100 satisfied → 85 %, Wilson [76.72, 90.69]', () => {
    // satisfied = 4–5 = 60 + 25 = 85; Wilson 85/100 = [0.767164, 0.906940]
    const h = headline('csat', { '5': 60, '4': 25, '3': 5, '2': 5, '1': 5 });
    expect(h.count).toBe(100);
    expect(h.buckets).toEqual({ satisfied: 85, neutral: 5, dissatisfied: 10 });
    expect(h.headline).toBe(85);
    expect(h.ci95![0]).toBeCloseTo(76.72, 2);
    expect(h.ci95![1]).toBeCloseTo(90.69, 2);
    expect('easyPct' in h).toBe(false);
  });

  it('csat: one response, satisfied → 100 %, [20.65, 100]; dissatisfied → 0 %, [0, 79.35]', () => {
    // Wilson 1/1 = [0.206549, 1]; 0/1 by symmetry = [0, 0.793451]
    const up = headline('csat', { '5': 1 });
    expect(up.count).toBe(1);
    expect(up.headline).toBe(100);
    expect(up.ci95![0]).toBeCloseTo(20.6549, 3);
    expect(up.ci95![1]).toBe(100);
    const down = headline('csat', { '1': 1 });
    expect(down.headline).toBe(0);
    expect(down.ci95![0]).toBe(0);
    expect(down.ci95![1]).toBeCloseTo(79.3451, 3);
  });

  it('emoji is scored like csat', () => {
    const h = headline('emoji', { '5': 4, '4': 4, '2': 2 });
    // 8/10 satisfied; Wilson 8/10 = [0.490162, 0.943318]
    expect(h.headline).toBe(80);
    expect(h.ci95![0]).toBeCloseTo(49.0162, 3);
    expect(h.ci95![1]).toBeCloseTo(94.3318, 3);
  });

  it('thumbs: 30 up of 40 → 75 %, Wilson [59.81, 85.81]', () => {
    // p = 0.75; z²/n = 0.0960365; denominator 1.0960365; centre = (0.75 + 0.0480182)/1.0960365 = 0.7280946
    // √(0.75·0.25/40 + 3.841459/6400) = √(0.0046875 + 0.0006002) = √0.0052877 = 0.0727168
    // half = 1.959964 · 0.0727168 / 1.0960365 = 0.1300342 → [0.598060, 0.858129]
    const h = headline('thumbs', { '1': 30, '0': 10 });
    expect(h.buckets).toEqual({ positive: 30, negative: 10 });
    expect(h.headline).toBe(75);
    expect(h.ci95![0]).toBeCloseTo(59.806, 2);
    expect(h.ci95![1]).toBeCloseTo(85.8129, 3);
  });

  it('fcr: none of 5 resolved → 0 %, [0, 43.45]; 8 of 10 → 80 %', () => {
    // Wilson 0/5 = [0, 0.434482] (wilson.test.ts)
    const none = headline('fcr', { '0': 5 });
    expect(none.buckets).toEqual({ resolved: 0, unresolved: 5 });
    expect(none.headline).toBe(0);
    expect(none.ci95).toEqual([0, expect.closeTo(43.4482, 3) as number]);
    expect(headline('fcr', { '1': 8, '0': 2 }).headline).toBe(80);
  });

  it('nps: 50 promoters, 30 passives, 20 detractors → 30, [14.05, 44.20]', () => {
    const h = headline('nps', { '10': 20, '9': 30, '8': 10, '7': 20, '6': 5, '3': 5, '0': 10 });
    expect(h.count).toBe(100);
    expect(h.buckets).toEqual({ promoter: 50, passive: 30, detractor: 20 });
    expect(h.headline).toBe(30);
    expect(h.ci95![0]).toBeCloseTo(14.0511, 3);
    expect(h.ci95![1]).toBeCloseTo(44.2013, 3);
  });

  it('nps: all promoters → 100, [47.50, 100]; all detractors → −100, [−100, −47.50]', () => {
    const up = headline('nps', { '10': 4, '9': 6 });
    expect(up.headline).toBe(100);
    expect(up.ci95![0]).toBeCloseTo(47.5036, 3);
    expect(up.ci95![1]).toBe(100);
    const down = headline('nps', { '0': 3, '6': 7 });
    expect(down.headline).toBe(-100);
    expect(down.ci95![0]).toBe(-100);
    expect(down.ci95![1]).toBeCloseTo(-47.5036, 3);
  });

  it('nps: one response → ±100 with a wide interval', () => {
    const h = headline('nps', { '9': 1 });
    expect(h.count).toBe(1);
    expect(h.headline).toBe(100);
    expect(h.ci95![0]).toBeCloseTo(-48.4986, 3);
    expect(h.ci95![1]).toBeCloseTo(98.4986, 3);
  });

  it('ces: mean 5.4, 80 % easy, t interval [4.495, 6.305]', () => {
    // mean 5.4, s² 1.6, SE 0.4, t_{0.975, 9} = 2.262157 (mean-interval.test.ts); easy = 5–7 = 2 + 3 + 3 = 8 of 10
    const h = headline('ces', { '7': 2, '6': 3, '5': 3, '4': 1, '3': 1 });
    expect(h.buckets).toEqual({ easy: 8, neutral: 1, hard: 1 });
    expect(h.headline).toBeCloseTo(5.4, 12);
    expect(h.easyPct).toBe(80);
    expect(h.ci95![0]).toBeCloseTo(4.495137, 5);
    expect(h.ci95![1]).toBeCloseTo(6.304863, 5);
  });

  it('ces: one response → its value, easyPct, no interval', () => {
    const h = headline('ces', { '5': 1 });
    expect(h.headline).toBe(5);
    expect(h.easyPct).toBe(100);
    expect('ci95' in h).toBe(false);
  });

  it('returns the histogram canonical, ascending, zero counts dropped', () => {
    const h = headline('nps', { '10': 1, '09': 2, '7': 0, '0': 1 });
    expect(h.histogram).toEqual({ '0': 1, '9': 2, '10': 1 });
    expect(h.count).toBe(4);
  });

  it('refuses values off the scale', () => {
    expect(() => headline('csat', { '0': 1 })).toThrow(RangeError);
    expect(() => headline('nps', { '11': 1 })).toThrow(RangeError);
    expect(() => headline('thumbs', { '1': -2 })).toThrow(RangeError);
  });
});

describe('headlineWeight', () => {
  it('weighs values as the headline counts them', () => {
    expect([1, 2, 3, 4, 5].map((v) => headlineWeight('csat', v))).toEqual([0, 0, 0, 100, 100]);
    expect([0, 6, 7, 8, 9, 10].map((v) => headlineWeight('nps', v))).toEqual([-100, -100, 0, 0, 100, 100]);
    expect([1, 4, 7].map((v) => headlineWeight('ces', v))).toEqual([1, 4, 7]);
    expect([0, 1].map((v) => headlineWeight('fcr', v))).toEqual([0, 100]);
  });

  it('gives the headline as a weighted mean, for any histogram of any metric', () => {
    const metricAndHistogram = fc.constantFrom(...METRIC_NAMES).chain((metric) => {
      const { min, max } = METRIC_SCALES[metric];
      return fc.tuple(fc.constant(metric), fc.dictionary(fc.integer({ min, max }).map(String), fc.integer({ min: 0, max: 500 }), { minKeys: 1 }));
    });
    fc.assert(
      fc.property(metricAndHistogram, ([metric, histogram]) => {
        const n = Object.values(histogram).reduce((a, b) => a + b, 0);
        fc.pre(n > 0);
        const weighted = Object.entries(histogram).reduce((sum, [value, count]) => sum + headlineWeight(metric, Number(value)) * count, 0);
        expect(weighted / n).toBeCloseTo(headline(metric, histogram).headline!, 9);
      }),
    );
  });
});

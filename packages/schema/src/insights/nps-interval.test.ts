import { describe, expect, it } from 'vitest';
import { adjustedNps, nps, npsInterval } from './nps-interval.js';

// Adjusted Wald, by hand: n' = n + 3, pP' = (P + ¾)/n', pD' = (D + ¾)/n', NPS' = pP' − pD',
// Var' = (pP' + pD' − NPS'²)/n', interval = 100 · clamp(NPS' ± 1.959964 · √Var', −1, 1).

describe('nps', () => {
  it('is undefined with no responses', () => {
    expect(nps({ promoters: 0, passives: 0, detractors: 0 })).toBeUndefined();
    expect(npsInterval({ promoters: 0, passives: 0, detractors: 0 })).toBeUndefined();
    expect(adjustedNps({ promoters: 0, passives: 0, detractors: 0 })).toBeUndefined();
  });

  it('50 promoters, 30 passives, 20 detractors → 30, interval [14.05, 44.20]', () => {
    // NPS = 50 % − 20 % = 30
    // n' = 103; pP' = 50.75/103 = 0.4927184; pD' = 20.75/103 = 0.2014563; NPS' = 0.2912621
    // Var'·n' = 0.4927184 + 0.2014563 − 0.2912621² = 0.6941747 − 0.0848336 = 0.6093411
    // Var' = 0.6093411/103 = 0.00591593; SE = 0.0769151; half = 1.959964 · 0.0769151 = 0.1507508
    // → 0.2912621 ∓ 0.1507508 = [0.140511, 0.442013] → [14.05, 44.20]
    const c = { promoters: 50, passives: 30, detractors: 20 };
    expect(nps(c)).toBe(30);
    const [lo, hi] = npsInterval(c)!;
    expect(lo).toBeCloseTo(14.05, 2);
    expect(hi).toBeCloseTo(44.2, 2);
  });

  it('all promoters (n = 10) → 100 with an interval that is not [100, 100]', () => {
    // n' = 13; pP' = 10.75/13 = 0.8269231; pD' = 0.75/13 = 0.0576923; NPS' = 0.7692308
    // Var'·n' = 0.8846154 − 0.5917160 = 0.2928994; Var' = 0.02253072; SE = 0.1501024; half = 0.2941953
    // → [0.475036, 1.063426] → clamped [47.50, 100]
    const c = { promoters: 10, passives: 0, detractors: 0 };
    expect(nps(c)).toBe(100);
    const [lo, hi] = npsInterval(c)!;
    expect(lo).toBeCloseTo(47.5036, 3);
    expect(hi).toBe(100);
  });

  it('all detractors (n = 10) → −100 with the mirror interval', () => {
    const c = { promoters: 0, passives: 0, detractors: 10 };
    expect(nps(c)).toBe(-100);
    const [lo, hi] = npsInterval(c)!;
    expect(lo).toBe(-100);
    expect(hi).toBeCloseTo(-47.5036, 3);
  });

  it('one promoter → 100, interval [−48.50, 98.50]', () => {
    // n' = 4; pP' = 1.75/4 = 0.4375; pD' = 0.75/4 = 0.1875; NPS' = 0.25
    // Var'·n' = 0.625 − 0.0625 = 0.5625; Var' = 0.140625; SE = 0.375; half = 1.959964 · 0.375 = 0.7349865
    // → [−0.4849865, 0.9849865]
    const c = { promoters: 1, passives: 0, detractors: 0 };
    expect(nps(c)).toBe(100);
    const [lo, hi] = npsInterval(c)!;
    expect(lo).toBeCloseTo(-48.49865, 4);
    expect(hi).toBeCloseTo(98.49865, 4);
  });

  it('one passive → 0, interval symmetric around 0', () => {
    // n' = 4; pP' = pD' = 0.1875; NPS' = 0; Var' = 0.375/4 = 0.09375; half = 1.959964 · 0.3061862 = 0.6001140
    const [lo, hi] = npsInterval({ promoters: 0, passives: 1, detractors: 0 })!;
    expect(lo).toBeCloseTo(-60.0114, 3);
    expect(hi).toBeCloseTo(60.0114, 3);
  });

  it('narrows as n grows: 100 promoters → [93.09, 100]', () => {
    // n' = 103; pP' = 100.75/103 = 0.9781553; pD' = 0.0072816; NPS' = 0.9708738
    // Var'·n' = 0.9854369 − 0.9425959 = 0.0428410; Var' = 0.00041593; SE = 0.0203944; half = 0.0399723
    const [lo, hi] = npsInterval({ promoters: 100, passives: 0, detractors: 0 })!;
    expect(lo).toBeCloseTo(93.0901, 3);
    expect(hi).toBe(100);
  });
});

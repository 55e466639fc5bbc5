import { describe, expect, it } from 'vitest';
import { wilsonInterval, Z95 } from './wilson.js';

// Hand computations use z = 1.959964, z² = 3.841459.
//   centre = (p + z²/2n) / (1 + z²/n),  half = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²)

describe('wilsonInterval', () => {
  it('is undefined for n = 0', () => {
    expect(wilsonInterval(0, 0)).toBeUndefined();
  });

  it('8/10', () => {
    // p = 0.8; z²/n = 0.3841459; denominator 1.3841459
    // centre = (0.8 + 0.1920729) / 1.3841459 = 0.7167402
    // √(0.8·0.2/10 + 3.841459/400) = √(0.016 + 0.0096036) = √0.0256036 = 0.1600114
    // half = 1.959964 · 0.1600114 / 1.3841459 = 0.2265777
    // → [0.490162, 0.943318]
    const [lo, hi] = wilsonInterval(8, 10)!;
    expect(lo).toBeCloseTo(0.490162, 5);
    expect(hi).toBeCloseTo(0.943318, 5);
  });

  it('85/100 (CSAT 85 % satisfied)', () => {
    // p = 0.85; z²/n = 0.0384146; denominator 1.0384146
    // centre = (0.85 + 0.0192073) / 1.0384146 = 0.8370523
    // √(0.85·0.15/100 + 3.841459/40000) = √(0.001275 + 0.0000960) = √0.0013710 = 0.0370275
    // half = 1.959964 · 0.0370275 / 1.0384146 = 0.0698879
    // → [0.767164, 0.906940], i.e. 76.72 % … 90.69 %
    const [lo, hi] = wilsonInterval(85, 100)!;
    expect(lo).toBeCloseTo(0.7672, 4);
    expect(hi).toBeCloseTo(0.9069, 4);
  });

  it('1/1: one positive response is not a certainty', () => {
    // p = 1; z²/n = 3.841459; denominator 4.841459
    // centre = (1 + 1.9207294) / 4.841459 = 0.6032747
    // half = 1.959964 · √(0 + 3.841459/4) / 4.841459 = 1.959964 · 0.979982 / 4.841459 = 0.3967253
    // → [0.206549, 1]
    const [lo, hi] = wilsonInterval(1, 1)!;
    expect(lo).toBeCloseTo(0.206549, 5);
    expect(hi).toBe(1);
  });

  it('0/5 starts exactly at 0', () => {
    // p = 0; z²/n = 0.7682918; denominator 1.7682918
    // centre = 0.3841459 / 1.7682918 = 0.2172412; half = 1.959964 · √(3.841459/100) / 1.7682918 = 0.2172412
    // → [0, 0.434482]
    const [lo, hi] = wilsonInterval(0, 5)!;
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.434482, 5);
  });

  it('10/10 ends exactly at 1 and stays inside [0, 1]', () => {
    // centre = (1 + 0.1920729) / 1.3841459 = 0.8612336; half = 1.959964 · √0.0096036 / 1.3841459 = 0.1387664
    const [lo, hi] = wilsonInterval(10, 10)!;
    expect(lo).toBeCloseTo(0.722467, 5);
    expect(hi).toBe(1);
  });

  it('takes another z', () => {
    // z = 1 for 8/10: denominator 1.1; centre = 0.85/1.1 = 0.772727; half = √(0.016 + 0.0025)/1.1 = 0.123650
    const [lo, hi] = wilsonInterval(8, 10, 1)!;
    expect(lo).toBeCloseTo(0.649078, 5);
    expect(hi).toBeCloseTo(0.896377, 5);
  });

  it('refuses successes outside 0…n', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
  });

  it('uses Φ⁻¹(0.975)', () => {
    expect(Z95).toBeCloseTo(1.959964, 6);
  });
});

import { describe, expect, it } from 'vitest';
import { lnGamma, regularizedBeta, studentTCritical, studentTTwoSidedP } from './student-t.js';

describe('Student t', () => {
  it('ln Γ matches known values', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.25)).toBeCloseTo(1.2880225246980774, 10);
  });

  it('I_x(a, b) matches closed forms', () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.5, 3, 1)).toBeCloseTo(0.125, 12);
    expect(regularizedBeta(0.2, 1, 4)).toBeCloseTo(1 - 0.8 ** 4, 12);
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });

  it('two-sided p-values: df = 1 is Cauchy, df = 2 has a closed form', () => {
    // df = 1: P(|T| ≥ t) = 1 − (2/π)·atan(t); t = 1 → 0.5
    expect(studentTTwoSidedP(1, 1)).toBeCloseTo(0.5, 12);
    // df = 2: P(|T| ≥ t) = 1 − t/√(2 + t²); t = 2 → 1 − 2/√6 = 0.1835034
    expect(studentTTwoSidedP(2, 2)).toBeCloseTo(1 - 2 / Math.sqrt(6), 12);
    expect(studentTTwoSidedP(0, 7)).toBeCloseTo(1, 12);
    expect(studentTTwoSidedP(-2, 2)).toBeCloseTo(studentTTwoSidedP(2, 2), 12);
    expect(studentTTwoSidedP(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(() => studentTTwoSidedP(1, 0)).toThrow(RangeError);
  });

  it('97.5 % quantiles match the printed t table', () => {
    // t_{0.975, df}: 12.7062, 4.3027, 2.5706, 2.2622, 2.2281, 2.0423; df = 1000: 1.9623
    expect(studentTCritical(0.05, 1)).toBeCloseTo(12.7062, 4);
    expect(studentTCritical(0.05, 2)).toBeCloseTo(4.3027, 4);
    expect(studentTCritical(0.05, 5)).toBeCloseTo(2.5706, 4);
    expect(studentTCritical(0.05, 9)).toBeCloseTo(2.2622, 4);
    expect(studentTCritical(0.05, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTCritical(0.05, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTCritical(0.05, 1000)).toBeCloseTo(1.9623, 4);
    // and for a fractional (Welch) df it lies between its integer neighbours
    const t = studentTCritical(0.05, 12.5);
    expect(t).toBeLessThan(studentTCritical(0.05, 12));
    expect(t).toBeGreaterThan(studentTCritical(0.05, 13));
    expect(() => studentTCritical(0, 5)).toThrow(RangeError);
  });
});

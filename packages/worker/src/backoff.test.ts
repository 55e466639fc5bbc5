import { describe, expect, it } from 'vitest';
import { jitteredBackoff, MAX_BACKOFF_MS } from './backoff.js';

describe('jitteredBackoff', () => {
  it('grows fourfold each attempt, between half and all of the ceiling', () => {
    expect(jitteredBackoff(1, 1_000, () => 0)).toBe(500);
    expect(jitteredBackoff(1, 1_000, () => 1)).toBe(1_000);
    expect(jitteredBackoff(3, 1_000, () => 0)).toBe(8_000);
    expect(jitteredBackoff(3, 1_000, () => 1)).toBe(16_000);
  });

  it('spreads retries out', () => {
    const delays = new Set(Array.from({ length: 50 }, () => jitteredBackoff(3, 10_000)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(80_000);
  });
});

describe('the default schedule: 10 attempts, 15 s', () => {
  const total = (random: () => number) => Array.from({ length: 9 }, (_, i) => jitteredBackoff(i + 1, 15_000, random)).reduce((a, b) => a + b);

  it('retries a blip within seconds', () => {
    expect(jitteredBackoff(1, 15_000, () => 1)).toBe(15_000);
    expect(jitteredBackoff(2, 15_000, () => 1)).toBe(60_000);
  });

  it('spans about a day from the first try to the last', () => {
    const hours = (ms: number) => ms / 3_600_000;
    expect(hours(total(() => 0))).toBeGreaterThan(11);
    expect(hours(total(() => 1))).toBeGreaterThan(23);
    expect(hours(total(() => 1))).toBeLessThan(25);
  });
});

describe('the ceiling', () => {
  it('never waits more than six hours, even at attempt 40', () => {
    expect(jitteredBackoff(40, 10_000, () => 1)).toBe(MAX_BACKOFF_MS);
  });
});

import { describe, expect, it } from 'vitest';
import { jitteredBackoff, MAX_BACKOFF_MS } from './backoff.js';

describe('jitteredBackoff', () => {
  it('doubles each attempt, between half and all of the ceiling', () => {
    expect(jitteredBackoff(1, 1_000, () => 0)).toBe(500);
    expect(jitteredBackoff(1, 1_000, () => 1)).toBe(1_000);
    expect(jitteredBackoff(4, 1_000, () => 0)).toBe(4_000);
    expect(jitteredBackoff(4, 1_000, () => 1)).toBe(8_000);
  });

  it('spreads retries out', () => {
    const delays = new Set(Array.from({ length: 50 }, () => jitteredBackoff(3, 10_000)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(20_000);
  });
});

describe('the ceiling', () => {
  it('never waits more than six hours, even at attempt 40', () => {
    expect(jitteredBackoff(40, 10_000, () => 1)).toBe(MAX_BACKOFF_MS);
  });
});

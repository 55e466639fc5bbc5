import { describe, expect, it } from 'vitest';
import { throttleWait } from './settle-delivery.js';

describe('throttleWait', () => {
  it('holds a throttled destination between a second and a day, whatever the adapter asked', () => {
    expect(throttleWait(0)).toBe(1_000);
    expect(throttleWait(-5)).toBe(1_000);
    expect(throttleWait(2_500)).toBe(2_500);
    expect(throttleWait(1e12)).toBe(86_400_000);
    expect(throttleWait(Number.NaN)).toBe(60_000);
  });
});

import { describe, expect, it } from 'vitest';
import { touchpointMatcher } from './touchpoint-glob.js';

describe('touchpointMatcher', () => {
  it('matches globs as destinations do', () => {
    expect(touchpointMatcher('support.*')('support.chat')).toBe(true);
    expect(touchpointMatcher('support.*')('supportXchat')).toBe(false);
    expect(touchpointMatcher('*')('anything')).toBe(true);
    expect(touchpointMatcher('check*ut')('checkout')).toBe(true);
    expect(touchpointMatcher('*.chat')('support.chat')).toBe(true);
    expect(touchpointMatcher('checkout')('checkout.v2')).toBe(false);
    expect(touchpointMatcher('a*b*c')('axxbyyc')).toBe(true);
    expect(touchpointMatcher('a*b*c')('axxbyy')).toBe(false);
  });

  it('answers a pathological glob at once (no backtracking blow-up)', () => {
    const glob = `${'*a'.repeat(20)}*b`;
    const matches = touchpointMatcher(glob);
    const started = performance.now();
    expect(matches('a'.repeat(36))).toBe(false);
    // A backtracking regular expression took about 50 s here; this is a bound on correctness, not a benchmark.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

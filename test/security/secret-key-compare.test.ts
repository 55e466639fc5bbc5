import { describe, expect, it } from 'vitest';
import { carriesSecretKey } from '../../packages/ingest/src/carries-secret-key.js';

// SECURITY.md, "spoofed origins" and "the insights API": the one check behind server-to-server POSTs and every
// insights read. guards.test.ts and insights-api.test.ts prove it through HTTP; this pins the edges of the
// comparison itself (it compares HMACs of both sides, so neither length nor content shows in the timing).

const KEY = 'sk_live_0123456789abcdef';

describe('carriesSecretKey', () => {
  it('takes exactly `Bearer <the key>`', () => {
    expect(carriesSecretKey(`Bearer ${KEY}`, KEY)).toBe(true);
    expect(carriesSecretKey(`bearer ${KEY}`, KEY)).toBe(true); // the scheme is case-insensitive (RFC 9110)
  });

  it('refuses a prefix, an extension, another case, another scheme, or the key alone', () => {
    for (const given of [`Bearer ${KEY.slice(0, -1)}`, `Bearer ${KEY}0`, `Bearer ${KEY.toUpperCase()}`, `Basic ${KEY}`, KEY, `Bearer  ${KEY}`, '']) {
      expect(carriesSecretKey(given, KEY), given).toBe(false);
    }
    expect(carriesSecretKey(undefined, KEY)).toBe(false);
  });

  it('never matches for a site without a secret key, whatever is sent', () => {
    for (const given of [undefined, '', 'Bearer ', 'Bearer undefined', `Bearer ${KEY}`]) expect(carriesSecretKey(given, undefined), String(given)).toBe(false);
    expect(carriesSecretKey('Bearer ', '')).toBe(false);
  });
});

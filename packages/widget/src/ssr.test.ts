import { describe, expect, it } from 'vitest';

describe('server-side rendering', () => {
  it('importing the package touches no browser global', async () => {
    expect(typeof window).toBe('undefined');
    // @ts-expect-error the built bundle's types are lib/index.d.ts, which the package maps for its users
    const widget = await import('../dist/feedloop.mjs');
    expect(widget.canAsk('checkout')).toEqual({ ok: false, reason: 'not_initialized' });
    const source = await import('./index.js');
    expect(Object.keys(source).sort()).toEqual(['ask', 'canAsk', 'consent', 'destroy', 'identify', 'init', 'mount', 'on', 'setMetadata', 'version']);
    expect(Object.keys(widget).sort()).toEqual(Object.keys(source).sort());
  });
});

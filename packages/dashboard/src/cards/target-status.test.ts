import { describe, expect, it } from 'vitest';
import type { Target } from '../api/api-types.js';
import { targetFor, targetState } from './target-status.js';

const target = (overrides: Partial<Target> = {}): Target => ({
  id: 'csat-all',
  metric: 'csat',
  touchpoint: '*',
  min: 85,
  minResponses: 10,
  windowDays: 7,
  window: { from: '2026-11-24', to: '2026-11-30', count: 20, headline: 90, ci95: [70, 97] },
  breached: false,
  breachedSince: null,
  ...overrides,
});

describe('targets', () => {
  it('the target of exactly the filtered touchpoint first, else the one for all', () => {
    const all = target();
    const checkout = target({ id: 'csat-checkout', touchpoint: 'checkout' });
    const nps = target({ id: 'nps-all', metric: 'nps' });
    expect(targetFor([all, checkout, nps], 'csat', 'checkout')).toBe(checkout);
    expect(targetFor([all, checkout, nps], 'csat', 'support.*')).toBe(all);
    expect(targetFor([all, checkout, nps], 'nps', '*')).toBe(nps);
    expect(targetFor([checkout], 'csat', '*')).toBeUndefined();
    expect(targetFor(undefined, 'csat', '*')).toBeUndefined();
  });

  it('met, missed, or not judged while the window has too few responses', () => {
    expect(targetState(target())).toBe('met');
    expect(targetState(target({ window: { ...target().window, headline: 84.99 } }))).toBe('missed');
    expect(targetState(target({ window: { ...target().window, count: 9 } }))).toBe('pending');
    // The server's judgement wins when it gives one.
    expect(targetState(target({ met: false }))).toBe('missed');
    expect(targetState(target({ met: null }))).toBe('pending');
  });
});

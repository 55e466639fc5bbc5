import { describe, expect, it } from 'vitest';
import { defaultFilters, rangeProblem, resolveRange } from './period.js';

describe('periods', () => {
  const today = '2026-11-30';

  it('the last 7, 30 or 90 days end today, both ends included', () => {
    const filters = defaultFilters(today);
    expect(resolveRange(filters, today)).toEqual({ from: '2026-11-01', to: today, days: 30 });
    expect(resolveRange({ ...filters, preset: '7' }, today)).toEqual({ from: '2026-11-24', to: today, days: 7 });
    expect(resolveRange({ ...filters, preset: '90' }, today)).toEqual({ from: '2026-09-02', to: today, days: 90 });
  });

  it('a custom range is taken as given, and checked', () => {
    expect(resolveRange({ ...defaultFilters(today), preset: 'custom', from: '2026-10-01', to: '2026-10-31' }, today)).toEqual({ from: '2026-10-01', to: '2026-10-31', days: 31 });
    expect(rangeProblem('2026-10-01', '2026-10-01')).toBeUndefined();
    expect(rangeProblem('2026-10-02', '2026-10-01')).toMatch(/must not be after/);
    expect(rangeProblem('2025-01-01', '2026-10-01')).toMatch(/At most 400 days/);
    expect(rangeProblem('', '2026-10-01')).toMatch(/both dates/);
  });
});

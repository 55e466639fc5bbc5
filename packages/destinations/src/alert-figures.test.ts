import type { TargetMissedAlert } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { formatHeadline, formatInterval, formatTarget, targetMissedFigures, targetMissedSentence } from './alert-figures.js';

const alert = (target: Partial<TargetMissedAlert['target']> = {}, window: Partial<TargetMissedAlert['window']> = {}): TargetMissedAlert => ({
  type: 'alert.target_missed', id: 'e1-target-csat-all', site: 'shop', createdAt: '2026-11-23T10:00:05Z', eventId: 'e1',
  target: { id: 'csat-all', metric: 'csat', touchpoint: '*', min: 85, minResponses: 30, windowDays: 7, ...target },
  window: { from: '2026-11-17', to: '2026-11-23', count: 42, headline: 78.4166, ci95: [64.08, 88.04], ...window },
});

describe('figures in the metric’s units', () => {
  it('shows proportions as percent with one decimal, the target as configured', () => {
    expect(formatHeadline('csat', 78.4166)).toBe('78.4 %');
    expect(formatHeadline('fcr', 100)).toBe('100.0 %');
    expect(formatTarget('thumbs', 85)).toBe('85 %');
    expect(formatTarget('emoji', 82.5)).toBe('82.5 %');
    expect(formatInterval('csat', [64.08, 88.04])).toBe('64.1–88.0 %');
  });

  it('signs NPS, with a true minus, and never writes −0.0', () => {
    expect(formatHeadline('nps', 12.345)).toBe('+12.3');
    expect(formatHeadline('nps', -4)).toBe('−4.0');
    expect(formatHeadline('nps', -0.01)).toBe('0.0');
    expect(formatTarget('nps', 20)).toBe('+20');
    expect(formatTarget('nps', -10)).toBe('−10');
    expect(formatTarget('nps', 0)).toBe('0');
    // A dash between signed numbers would read as a minus: `to`.
    expect(formatInterval('nps', [-4.06, 28])).toBe('−4.1 to +28.0');
  });

  it('shows the CES mean with two decimals', () => {
    expect(formatHeadline('ces', 4.123)).toBe('4.12');
    expect(formatTarget('ces', 4.5)).toBe('4.5');
    expect(formatInterval('ces', [3.8, 4.444])).toBe('3.80–4.44');
  });
});

describe('targetMissedSentence', () => {
  it('says the figure, the period, the sample and the target in one line', () => {
    expect(targetMissedSentence(targetMissedFigures(alert()))).toBe('78.4 % over the last 7 days (n = 42, 95 % CI 64.1–88.0 %) — target ≥ 85 %');
  });

  it('leaves out an interval the alert does not have, and reads well for one day', () => {
    const figures = targetMissedFigures(alert({ metric: 'ces', min: 5, windowDays: 1, touchpoint: 'support.*' }, { headline: 4.2, ci95: undefined, count: 1 }));
    expect(targetMissedSentence(figures)).toBe('4.20 over the last day (n = 1) — target ≥ 5');
    expect(figures.touchpoints).toBe('support.*');
    expect(targetMissedFigures(alert()).touchpoints).toBe('all touchpoints');
  });
});

import { describe, expect, it } from 'vitest';
import { formatChange, formatCount, formatHeadline, formatInterval, formatTarget } from './metric-format.js';
import { formatDayKey, formatTimestamp } from './dates.js';

describe('metric figures as they read', () => {
  it('headlines in each metric’s unit, a dash when there is none', () => {
    expect(formatHeadline('csat', 66.67)).toBe('66.7%');
    expect(formatHeadline('fcr', 100)).toBe('100%');
    expect(formatHeadline('nps', 33.33)).toBe('+33.3');
    expect(formatHeadline('nps', -5)).toBe('-5');
    expect(formatHeadline('nps', 0)).toBe('0');
    expect(formatHeadline('ces', 5.4321)).toBe('5.43');
    expect(formatHeadline('csat', null)).toBe('—');
  });

  it('changes in points with their sign, intervals with their unit', () => {
    expect(formatChange('csat', 4.25)).toBe('+4.3 pts');
    expect(formatChange('nps', -12)).toBe('-12 points');
    expect(formatChange('ces', 0.256)).toBe('+0.26 points');
    expect(formatInterval('csat', [80.12, 92.34])).toBe('80.1–92.3%');
    expect(formatInterval('nps', [-12.5, 40])).toBe('-12.5 – 40');
    expect(formatInterval('ces', null)).toBe('—');
    expect(formatTarget('csat', 85)).toBe('≥ 85%');
    expect(formatCount(1)).toBe('1 response');
    expect(formatCount(1234)).toBe('1,234 responses');
  });

  it('dates and weeks in UTC', () => {
    expect(formatDayKey('2026-11-03')).toBe('Nov 3');
    expect(formatDayKey('2026-W48')).toBe('W48');
    expect(formatTimestamp('2026-11-30T23:59:00.000Z')).toBe('Nov 30, 23:59');
  });
});

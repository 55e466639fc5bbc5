import { describe, expect, it } from 'vitest';
import { addDays, daysInclusive, eachDay, isIsoDate, isoWeek } from './dates.js';
import { groupHistograms, groupKey, groupRows, totalHistogram } from './group-rows.js';
import { oldestKeptDay } from './insights-answer.js';
import { toHistogram, type Cell } from './read-counters.js';
import { round2, summarise, summariseTotal } from './summary.js';
import { touchpointMatcher } from '@feedloop/schema';

describe('UTC dates', () => {
  it('checks, adds and counts calendar days', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(daysInclusive('2026-11-01', '2026-11-30')).toBe(30);
    expect(daysInclusive('2026-11-02', '2026-11-01')).toBe(0);
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('names ISO weeks, Monday first, in the ISO week-numbering year', () => {
    expect(isoWeek('2026-11-23')).toBe('2026-W48'); // a Monday
    expect(isoWeek('2026-11-29')).toBe('2026-W48'); // the Sunday after
    expect(isoWeek('2026-11-30')).toBe('2026-W49');
    expect(isoWeek('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeek('2027-01-01')).toBe('2026-W53'); // a Friday: still the last week of 2026
    expect(isoWeek('2024-12-30')).toBe('2025-W01'); // a Monday whose Thursday is in 2025
  });
});

describe('touchpoint globs', () => {
  it('matches whole names, * for any characters', () => {
    expect(touchpointMatcher('*')('anything')).toBe(true);
    expect(touchpointMatcher('support.*')('support.chat')).toBe(true);
    expect(touchpointMatcher('support.*')('supportXchat')).toBe(false);
    expect(touchpointMatcher('checkout')('checkout.v2')).toBe(false);
    expect(touchpointMatcher('*.chat')('support.chat')).toBe(true);
  });
});

const cells: Cell[] = [
  { member: 'checkout', day: '2026-11-29', histogram: { '5': 3, '1': 1 } },
  { member: 'checkout', day: '2026-11-30', histogram: { '4': 2 } },
  { member: 'support.chat', day: '2026-11-30', histogram: { '2': 2, '5': 2 } },
];

describe('grouping', () => {
  it('keys a cell by day, week, touchpoint, channel or agent', () => {
    expect(groupKey('day', { member: 'checkout', day: '2026-11-30' })).toBe('2026-11-30');
    expect(groupKey('week', { member: 'checkout', day: '2026-11-30' })).toBe('2026-W49');
    expect(groupKey('touchpoint', { member: 'support.chat|email', day: '2026-11-30' })).toBe('support.chat');
    expect(groupKey('channel', { member: 'support.chat|email', day: '2026-11-30' })).toBe('email');
    expect(groupKey('agent', { member: 'support.chat|agent|7', day: '2026-11-30' })).toBe('agent|7');
  });

  it('gives every day of the range a row, empty days too', () => {
    const rows = groupRows('csat', 'day', '2026-11-28', '2026-11-30', cells);
    expect(rows.map((r) => r.key)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    expect(rows[0]).toEqual({ key: '2026-11-28', count: 0, histogram: {}, buckets: { satisfied: 0, neutral: 0, dissatisfied: 0 }, headline: null, ci95: null });
    expect(rows[1]).toMatchObject({ count: 4, histogram: { '1': 1, '5': 3 }, buckets: { satisfied: 3, neutral: 0, dissatisfied: 1 }, headline: 75 });
    expect(rows[2]).toMatchObject({ count: 6, histogram: { '2': 2, '4': 2, '5': 2 }, buckets: { satisfied: 4, neutral: 0, dissatisfied: 2 }, headline: 66.67 });
  });

  it('groups ISO weeks across a month boundary', () => {
    const rows = groupRows('csat', 'week', '2026-11-22', '2026-11-30', cells);
    expect(rows.map((r) => [r.key, r.count])).toEqual([['2026-W47', 0], ['2026-W48', 4], ['2026-W49', 6]]);
  });

  it('gives a row only to touchpoints, channels or agents with responses', () => {
    const byTouchpoint = groupHistograms('touchpoint', '2026-11-01', '2026-11-30', cells);
    expect([...byTouchpoint]).toEqual([['checkout', { '5': 3, '1': 1, '4': 2 }], ['support.chat', { '2': 2, '5': 2 }]]);
    const channelCells: Cell[] = [
      { member: 'checkout|web', day: '2026-11-30', histogram: { '1': 3 } },
      { member: 'support.chat|web', day: '2026-11-30', histogram: { '1': 1, '0': 1 } },
      { member: 'support.chat|chat', day: '2026-11-29', histogram: { '0': 2 } },
    ];
    const rows = groupRows('thumbs', 'channel', '2026-11-29', '2026-11-30', channelCells);
    expect(rows.map((r) => [r.key, r.count, r.headline])).toEqual([['chat', 2, 0], ['web', 5, 80]]);
    expect(totalHistogram(channelCells)).toEqual({ '1': 4, '0': 3 });
  });
});

describe('rows and totals as JSON', () => {
  it('rounds to 2 decimals and uses null for what does not exist', () => {
    expect(round2(66.666666)).toBe(66.67);
    expect(Object.is(round2(-0.001), 0)).toBe(true);
    expect(summarise('csat', { '5': 17, '2': 3 })).toEqual({
      count: 20, histogram: { '2': 3, '5': 17 }, buckets: { satisfied: 17, neutral: 0, dissatisfied: 3 }, headline: 85, ci95: [63.96, 94.76],
    });
    expect(summarise('ces', { '6': 1 })).toMatchObject({ headline: 6, ci95: null, easyPct: 100 });
    expect(summarise('ces', {})).toMatchObject({ count: 0, headline: null, ci95: null, easyPct: null });
    expect(summarise('nps', {})).not.toHaveProperty('easyPct');
  });

  it('compares the total with the previous period', () => {
    expect(summariseTotal('csat', { '5': 90, '1': 10 }, { '5': 70, '1': 30 })).toMatchObject({
      headline: 90, previous: { count: 100, headline: 70 }, change: 20, significant: true,
    });
    expect(summariseTotal('csat', {}, { '5': 3 })).toMatchObject({ count: 0, headline: null, ci95: null, previous: { count: 3, headline: 100, complete: true }, change: null, significant: false });
  });

  it('shows an incomplete previous period without comparing against it', () => {
    expect(summariseTotal('csat', { '5': 90, '1': 10 }, { '5': 70, '1': 30 }, false)).toMatchObject({
      headline: 90, previous: { count: 100, headline: 70, complete: false }, change: null, significant: false,
    });
  });
});

describe('counters as read from Redis', () => {
  it('keeps the days whose counters are all still there', () => {
    // A day's counters expire retentionDays after its start: with 30 days kept, on 2026-11-30 the oldest whole day is 2026-11-01.
    expect(oldestKeptDay('2026-11-30', 30)).toBe('2026-11-01');
    expect(oldestKeptDay('2026-11-30', 1)).toBe('2026-11-30');
  });

  it('skips hash fields that are not a count of a value on the scale, and says how many', () => {
    expect(toHistogram('csat', { '5': '3', '1': '0', '9': '2', '0': '1', '2': '-1', '3': 'x', '4.0': '1', ' 4': '1', '4': '1.5' })).toEqual({
      histogram: { '5': 3 },
      skipped: 7,
    });
    expect(toHistogram('nps', { '10': '2', '05': '1' })).toEqual({ histogram: { '10': 2, '5': 1 }, skipped: 0 });
    expect(toHistogram('csat', null)).toEqual({ histogram: {}, skipped: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { parseInsightsQuery, QueryInvalidError } from './insights-query.js';

const TODAY = '2026-11-30';

function issuesOf(raw: unknown): { path: string; message: string }[] {
  try {
    parseInsightsQuery(raw, TODAY);
  } catch (error) {
    expect(error).toBeInstanceOf(QueryInvalidError);
    expect((error as QueryInvalidError).code).toBe('QUERY_INVALID');
    return (error as QueryInvalidError).details;
  }
  throw new Error('the query was accepted');
}

describe('the insights query', () => {
  it('fills in the defaults: every touchpoint, the last 30 days up to today, by day', () => {
    expect(parseInsightsQuery({ site: 'shop', metric: 'csat' }, TODAY)).toEqual({
      site: 'shop', metric: 'csat', touchpoint: '*', from: '2026-11-01', to: '2026-11-30', groupBy: 'day', days: 30,
    });
    expect(parseInsightsQuery({ site: 'shop', metric: 'nps', to: '2026-10-31', touchpoint: 'support.*', groupBy: 'week' }, TODAY)).toMatchObject({
      from: '2026-10-02', to: '2026-10-31', touchpoint: 'support.*', groupBy: 'week', days: 30,
    });
  });

  it('takes a one-day range and one of 400 days', () => {
    expect(parseInsightsQuery({ site: 's', metric: 'fcr', from: TODAY, to: TODAY }, TODAY).days).toBe(1);
    expect(parseInsightsQuery({ site: 's', metric: 'fcr', from: '2025-10-27', to: TODAY }, TODAY).days).toBe(400);
  });

  it('names each bad parameter', () => {
    expect(issuesOf({ site: 'shop', metric: 'mood' }).map((i) => i.path)).toEqual(['metric']);
    expect(issuesOf({ metric: 'csat' }).map((i) => i.path)).toEqual(['site']);
    expect(issuesOf({ site: 'shop', metric: 'csat', from: '2026-02-30' }).map((i) => i.path)).toEqual(['from']);
    expect(issuesOf({ site: 'shop', metric: 'csat', groupBy: 'month', touchpoint: 'Check Out' }).map((i) => i.path).sort()).toEqual(['groupBy', 'touchpoint']);
    expect(issuesOf({ site: 'shop', metric: ['csat', 'nps'] }).map((i) => i.path)).toEqual(['metric']);
  });

  it('refuses from after to, and a range over 400 days', () => {
    expect(issuesOf({ site: 'shop', metric: 'csat', from: '2026-11-02', to: '2026-11-01' })).toEqual([{ path: 'from', message: 'must not be after to (2026-11-01)' }]);
    expect(issuesOf({ site: 'shop', metric: 'csat', from: '2025-10-26', to: TODAY })).toEqual([{ path: 'to', message: 'the range is 401 days; at most 400 are allowed' }]);
    // Only from, in the future: the range would end today, before it starts.
    expect(issuesOf({ site: 'shop', metric: 'csat', from: '2026-12-05' })[0]?.path).toBe('from');
  });
});

import type { AlertRecord, EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { compileWhen } from './matches-when.js';

const record = (overrides: Partial<EnrichedRecord> = {}) =>
  ({ touchpoint: 'support.chat', metric: 'nps', bucket: 'detractor', site: 'shop', ...overrides }) as EnrichedRecord;

describe('compileWhen', () => {
  it('matches everything when empty', () => {
    expect(compileWhen({})(record())).toBe(true);
  });

  it('matches touchpoint globs', () => {
    const when = compileWhen({ touchpoints: ['checkout', 'support.*'] });
    expect(when(record({ touchpoint: 'support.chat' }))).toBe(true);
    expect(when(record({ touchpoint: 'checkout' }))).toBe(true);
    expect(when(record({ touchpoint: 'checkout.v2' }))).toBe(false);
    expect(when(record({ touchpoint: 'supportXchat' }))).toBe(false);
  });

  it('needs every given list to match', () => {
    const when = compileWhen({ metrics: ['nps'], buckets: ['detractor'] });
    expect(when(record())).toBe(true);
    expect(when(record({ bucket: 'promoter' }))).toBe(false);
    expect(when(record({ metric: 'csat', bucket: 'detractor' }))).toBe(false);
  });

  it('filters on whether a comment was left', () => {
    const when = compileWhen({ buckets: ['detractor'], hasComment: true });
    expect(when(record({ comment: 'too slow' }))).toBe(true);
    expect(when(record({ comment: '   ' }))).toBe(false);
    expect(when(record())).toBe(false);
    expect(compileWhen({ hasComment: false })(record())).toBe(true);
  });

  it('takes a glob literally but for *, in linear time', () => {
    expect(compileWhen({ touchpoints: ['a.b'] })(record({ touchpoint: 'aXb' }))).toBe(false);
    expect(compileWhen({ touchpoints: ['*'] })(record({ touchpoint: 'anything.at_all' }))).toBe(true);
    // A backtracking regular expression would take minutes on this one; the test would time out.
    expect(compileWhen({ touchpoints: [`*${'a*'.repeat(12)}b`] })(record({ touchpoint: 'a'.repeat(64) }))).toBe(false);
  });
});

describe('compileWhen for alerts', () => {
  const rating = record({ comment: 'never again', bucket: 'detractor' });
  const detractor: AlertRecord = { type: 'alert.detractor', id: 'e1-detractor', site: 'shop', createdAt: '2026-12-01T10:00:00Z', rating };
  const target = { id: 'nps-support_any', metric: 'nps' as const, touchpoint: 'support.*', min: 30, minResponses: 30, windowDays: 7 };
  const missed: AlertRecord = {
    type: 'alert.target_missed',
    id: 'e2-target-nps-support_any',
    site: 'shop',
    createdAt: '2026-12-01T10:00:00Z',
    target,
    window: { from: '2026-11-25', to: '2026-12-01', count: 40, headline: 12.5 },
    eventId: 'e2',
  };

  it('sends ratings only, unless the types ask for alerts', () => {
    expect(compileWhen({})(rating)).toBe(true);
    expect(compileWhen({}).alert(detractor)).toBe(false);
    expect(compileWhen({}).alert(missed)).toBe(false);
    const alertsOnly = compileWhen({ types: ['alert.detractor', 'alert.target_missed'] });
    expect(alertsOnly(rating)).toBe(false);
    expect(alertsOnly.alert(detractor)).toBe(true);
    expect(alertsOnly.alert(missed)).toBe(true);
    expect(compileWhen({ types: ['alert.detractor'] }).alert(missed)).toBe(false);
  });

  it("filters a detractor alert on its rating, and a missed target on its metric, site and touchpoint glob", () => {
    const types = ['alert.detractor', 'alert.target_missed'] as const;
    expect(compileWhen({ types: [...types], touchpoints: ['checkout'] }).alert(detractor)).toBe(false);
    expect(compileWhen({ types: [...types], touchpoints: ['support.*'] }).alert(detractor)).toBe(true);
    expect(compileWhen({ types: [...types], hasComment: false }).alert(detractor)).toBe(false);
    expect(compileWhen({ types: [...types], touchpoints: ['support.*'] }).alert(missed)).toBe(true);
    expect(compileWhen({ types: [...types], touchpoints: ['support.chat'] }).alert(missed)).toBe(false);
    expect(compileWhen({ types: [...types], metrics: ['csat'] }).alert(missed)).toBe(false);
    expect(compileWhen({ types: [...types], sites: ['blog'] }).alert(missed)).toBe(false);
    // Buckets and comments are a rating's: a missed target has neither, so they do not filter it.
    expect(compileWhen({ types: [...types], buckets: ['promoter'], hasComment: true }).alert(missed)).toBe(true);
  });
});

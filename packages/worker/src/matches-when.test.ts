import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { compileWhen, globToRegExp } from './matches-when.js';

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

  it('escapes regular-expression characters in globs', () => {
    expect(globToRegExp('a.b').test('aXb')).toBe(false);
    expect(globToRegExp('*').test('anything.at_all')).toBe(true);
  });
});

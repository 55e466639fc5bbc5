import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { contactProperties, DEFAULT_CONTACT_PROPERTIES, groupByContact, normalizeEmail } from './contact-properties.js';

const record = (overrides: Partial<EnrichedRecord>): EnrichedRecord => ({
  id: '0192f4a8-7b1e-7c3d-9a51-3f6c2d8e4b10', touchpoint: 'checkout', metric: 'nps', value: 9, createdAt: '2026-11-23T10:00:00Z',
  site: 'shop', score: 0.9, bucket: 'promoter', receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00+01:00',
  user: { email: 'ada@shop.example' }, ...overrides,
});

describe('contactProperties', () => {
  it('names the per-metric properties after the metric and writes HubSpot strings (dates in UTC)', () => {
    expect(contactProperties(record({ comment: 'fine' }), DEFAULT_CONTACT_PROPERTIES)).toEqual({
      feedloop_last_nps: '9',
      feedloop_last_nps_at: '2026-11-23T09:00:00.000Z',
      feedloop_last_touchpoint: 'checkout',
      feedloop_last_comment: 'fine',
    });
  });

  it('leaves the comment alone when the rating has none, and skips what the mapping turns off', () => {
    expect(contactProperties(record({}), { value: 'nps_{metric}_score', at: null, comment: 'c', touchpoint: null })).toEqual({ nps_nps_score: '9' });
  });
});

describe('groupByContact', () => {
  it('one group per e-mail, case-insensitive, in first-seen order, without the records that have none', () => {
    const records = [
      record({ user: { email: 'Ada@Shop.example' } }),
      record({ user: undefined }),
      record({ user: { email: 'bo@shop.example' } }),
      record({ user: { email: 'ada@shop.EXAMPLE' } }),
    ];
    expect(groupByContact(records, DEFAULT_CONTACT_PROPERTIES).map((g) => [g.email, g.indexes])).toEqual([
      ['ada@shop.example', [0, 3]],
      ['bo@shop.example', [2]],
    ]);
  });

  it('merges a contact’s ratings oldest first: the latest of each metric, comment and touchpoint wins', () => {
    const newer = record({ metric: 'csat', value: 2, bucket: 'dissatisfied', touchpoint: 'support.chat', timestamp: '2026-11-23T12:00:00Z' });
    const older = record({ value: 10, comment: 'great', timestamp: '2026-11-23T08:00:00Z' });
    const oldest = record({ value: 1, bucket: 'detractor', comment: 'awful', timestamp: '2026-11-22T08:00:00Z' });
    const [group] = groupByContact([newer, older, oldest], DEFAULT_CONTACT_PROPERTIES);
    expect(group!.properties).toEqual({
      feedloop_last_nps: '10',
      feedloop_last_nps_at: '2026-11-23T08:00:00.000Z',
      feedloop_last_csat: '2',
      feedloop_last_csat_at: '2026-11-23T12:00:00.000Z',
      feedloop_last_comment: 'great',
      feedloop_last_touchpoint: 'support.chat',
    });
  });

  it('breaks a tie by batch order', () => {
    const [group] = groupByContact([record({ value: 3 }), record({ value: 7 })], DEFAULT_CONTACT_PROPERTIES);
    expect(group!.properties.feedloop_last_nps).toBe('7');
  });

  it('normalizes e-mails the way HubSpot matches them', () => {
    expect(normalizeEmail('  Ada@Shop.Example ')).toBe('ada@shop.example');
  });
});

import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { intercomEvent } from './intercom-event.js';

const record = (extra: Partial<EnrichedRecord> = {}): EnrichedRecord => ({
  id: '0190f2a4-7b1c-7cde-8f00-0123456789ab', touchpoint: 'checkout', metric: 'csat', value: 2, createdAt: '2026-11-23T10:00:00Z',
  site: 'shop', score: 0.25, bucket: 'dissatisfied', receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00.999Z',
  user: { id: 'u-42', email: 'jane@example.com' },
  ...extra,
});

describe('intercomEvent', () => {
  it('names the event after the metric and dates it in whole seconds from the record, not the clock', () => {
    const built = intercomEvent(record());
    expect(built).toMatchObject({ ok: true, event: { event_name: 'submitted-csat', created_at: 1_795_428_000, user_id: 'u-42' } });
    // The same record always gives the same event: what Intercom's de-duplication needs.
    expect(intercomEvent(record())).toEqual(built);
  });

  it('sends one identifier: user_id first, e-mail when there is no id (or when asked)', () => {
    const byId = intercomEvent(record());
    expect(byId.ok && byId.event).not.toHaveProperty('email');
    expect(intercomEvent(record({ user: { email: 'jane@example.com' } }))).toMatchObject({ ok: true, event: { email: 'jane@example.com' } });
    const byEmail = intercomEvent(record(), { identifyBy: 'email' });
    expect(byEmail).toMatchObject({ ok: true, event: { email: 'jane@example.com' } });
    expect(byEmail.ok && byEmail.event).not.toHaveProperty('user_id');
  });

  it('cannot make an event without a contact, and says why', () => {
    expect(intercomEvent(record({ user: undefined }))).toMatchObject({ ok: false, reason: expect.stringContaining('neither user.id nor user.email') });
    expect(intercomEvent(record({ user: { email: 'a@b.example' } }), { identifyBy: 'userId' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no user.id'),
    });
  });

  it('takes a custom event name', () => {
    expect(intercomEvent(record(), { eventName: 'rated {metric} survey' })).toMatchObject({ event: { event_name: 'rated csat survey' } });
    expect(intercomEvent(record(), { eventName: 'gave-feedback' })).toMatchObject({ event: { event_name: 'gave-feedback' } });
  });
});

import type { DetractorAlert, EnrichedRecord, TargetMissedAlert } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { alertTicketBody, detractorTicketBody, targetMissedText, targetMissedTicketBody } from './alert-ticket.js';
import { ticketBody } from './ticket-body.js';

const rating: EnrichedRecord = {
  id: '01937a3c-1d2e-7f00-8a00-000000000002', touchpoint: 'checkout', metric: 'csat', value: 1, comment: 'Card declined twice',
  site: 'shop', score: 0, bucket: 'dissatisfied', createdAt: '2026-11-23T10:00:00Z', receivedAt: '2026-11-23T10:00:01Z',
  timestamp: '2026-11-23T10:00:00Z', user: { id: 'u7', email: 'grace@example.com', name: 'Grace Hopper' },
};

const detractor = (extra: Partial<EnrichedRecord> = {}): DetractorAlert => ({
  type: 'alert.detractor', id: `${rating.id}-detractor`, site: 'shop', createdAt: '2026-11-23T10:00:02Z', rating: { ...rating, ...extra },
});

const targetMissed = (target: Partial<TargetMissedAlert['target']> = {}): TargetMissedAlert => ({
  type: 'alert.target_missed', id: `${rating.id}-target-csat-all`, site: 'shop', createdAt: '2026-11-23T10:00:05Z', eventId: rating.id,
  target: { id: 'csat-all', metric: 'csat', touchpoint: '*', min: 85, minResponses: 30, windowDays: 7, ...target },
  window: { from: '2026-11-17', to: '2026-11-23', count: 42, headline: 78.4166, ci95: [64.08, 88.04] },
});

describe('detractorTicketBody', () => {
  it('is the rating’s ticket marked as a follow-up, under the alert’s id', () => {
    const built = detractorTicketBody(detractor());
    const plain = ticketBody(rating);
    if (!built.ok || !plain.ok) throw new Error('no ticket');
    expect(built.body.ticket).toEqual({
      ...plain.body.ticket,
      subject: 'Follow up: CSAT 1/5 at checkout: Card declined twice',
      comment: { public: false, html_body: expect.stringMatching(/Feedloop event 01937a3c-1d2e-7f00-8a00-000000000002<br>Feedloop alert 01937a3c-1d2e-7f00-8a00-000000000002-detractor<\/p>$/) },
      tags: ['feedloop', 'touchpoint_checkout', 'metric_csat', 'bucket_dissatisfied', 'alert_detractor'],
      external_id: '01937a3c-1d2e-7f00-8a00-000000000002-detractor',
    });
    // The customer is the requester, as for the rating.
    expect(built.body.ticket.requester).toEqual({ name: 'Grace Hopper', email: 'grace@example.com' });
  });

  it('applies the destination’s mapping, and its refusal of ratings without an e-mail', () => {
    const built = detractorTicketBody(detractor(), { subject: 'Unhappy: {comment}', tags: ['vip'], groupId: 7 });
    expect(built.ok && built.body.ticket).toMatchObject({ subject: 'Follow up: Unhappy: Card declined twice', group_id: 7, tags: expect.arrayContaining(['vip', 'alert_detractor']) });
    expect(detractorTicketBody(detractor({ user: undefined }), { requesterWithoutEmail: 'reject' })).toEqual({ ok: false, reason: expect.stringContaining('no user.email') });
  });

  it('still fits the subject in 150 characters with the prefix', () => {
    const built = detractorTicketBody(detractor({ comment: 'x'.repeat(400) }));
    expect(built.ok && built.body.ticket.subject).toHaveLength(150);
    expect(built.ok && built.body.ticket.subject.startsWith('Follow up: CSAT 1/5')).toBe(true);
  });

  it('is the same bytes every time, for the Idempotency-Key', () => {
    expect(JSON.stringify(detractorTicketBody(detractor()))).toBe(JSON.stringify(detractorTicketBody(detractor())));
  });
});

describe('targetMissedTicketBody', () => {
  it('is an internal, high-priority ticket with the figures, and no requester', () => {
    expect(targetMissedTicketBody(targetMissed())).toEqual({
      ok: true,
      body: {
        ticket: {
          subject: 'CSAT target missed: 78.4 % < 85 % over 7 days (all touchpoints)',
          comment: {
            public: false,
            html_body:
              '<p>CSAT target missed at all touchpoints on site shop.<br><br>' +
              '78.4 % over the last 7 days (n = 42, 95 % CI 64.1–88.0 %) — target ≥ 85 %<br><br>' +
              'Window: 2026-11-17 to 2026-11-23 (UTC days, inclusive)<br>' +
              'Target: csat-all (csat at touchpoints * (all): at least 85 % over 7 days, judged from 30 responses)<br>' +
              'Raised at 2026-11-23T10:00:05Z, when Feedloop event 01937a3c-1d2e-7f00-8a00-000000000002 was counted<br>' +
              'Feedloop alert 01937a3c-1d2e-7f00-8a00-000000000002-target-csat-all</p>',
          },
          tags: ['feedloop', 'alert_target_missed', 'metric_csat'],
          external_id: '01937a3c-1d2e-7f00-8a00-000000000002-target-csat-all',
          priority: 'high',
        },
      },
    });
  });

  it('takes the configured group and extra tags, not what only fits a rating', () => {
    const built = targetMissedTicketBody(targetMissed(), {
      groupId: 360001, tags: ['VIP team'], type: 'incident', priority: 'low', publicComment: true, customFields: [{ id: 1, value: '{value}' }],
    });
    expect(built.ok && built.body.ticket).toMatchObject({ group_id: 360001, priority: 'high', comment: { public: false }, tags: ['feedloop', 'alert_target_missed', 'metric_csat', 'vip_team'] });
    if (!built.ok) throw new Error('no ticket');
    expect('type' in built.body.ticket).toBe(false);
    expect('custom_fields' in built.body.ticket).toBe(false);
  });

  it('writes NPS and CES targets in their own units', () => {
    const nps = targetMissedTicketBody({ ...targetMissed({ metric: 'nps', min: 10, touchpoint: 'support.*', windowDays: 1 }), window: { from: '2026-11-23', to: '2026-11-23', count: 31, headline: -3.2 } });
    expect(nps.ok && nps.body.ticket.subject).toBe('NPS target missed: −3.2 < +10 over 1 day (support.*)');
    expect(nps.ok && nps.body.ticket.tags).toEqual(['feedloop', 'alert_target_missed', 'metric_nps']);
    const ces = targetMissedText({ ...targetMissed({ metric: 'ces', min: 5.5 }), window: { from: '2026-11-17', to: '2026-11-23', count: 40, headline: 4.987, ci95: [4.5, 5.47] } });
    expect(ces.split('\n')[2]).toBe('4.99 over the last 7 days (n = 40, 95 % CI 4.50–5.47) — target ≥ 5.5');
  });
});

describe('alertTicketBody', () => {
  it('picks the ticket by the alert’s type', () => {
    const follow = alertTicketBody(detractor());
    const missed = alertTicketBody(targetMissed());
    expect(follow.ok && follow.body.ticket.tags).toContain('alert_detractor');
    expect(missed.ok && missed.body.ticket.tags).toContain('alert_target_missed');
  });
});

import { randomUUID } from 'node:crypto';
import { DetractorAlert, TargetMissedAlert, type EnrichedRecord } from '@feedloop/schema';

/**
 * Alerts as the worker raises them, for the adapter tests. Parsed with the schema's own zod types, so a test fails
 * here, plainly, if the alert contract moves and the test data no longer fits it.
 */

/** `alert.detractor` for `rating`, created `ageMs` ago. */
export function detractorAlert(rating: EnrichedRecord, ageMs = 1_000): DetractorAlert {
  return DetractorAlert.parse({
    type: 'alert.detractor',
    id: `${rating.id}-detractor`,
    site: rating.site,
    createdAt: new Date(Date.now() - ageMs).toISOString(),
    rating,
  });
}

/** `alert.target_missed` on CSAT at all touchpoints, 78.4 % against 85 % over 7 days, created `ageMs` ago. */
export function targetMissedAlert(options: { ageMs?: number; eventId?: string; target?: Partial<TargetMissedAlert['target']>; window?: Partial<TargetMissedAlert['window']> } = {}): TargetMissedAlert {
  const eventId = options.eventId ?? randomUUID();
  const target = { id: 'csat-all', metric: 'csat', touchpoint: '*', min: 85, minResponses: 30, windowDays: 7, ...options.target };
  return TargetMissedAlert.parse({
    type: 'alert.target_missed',
    id: `${eventId}-target-${target.id}-1795428002310`,
    site: 'shop',
    createdAt: new Date(Date.now() - (options.ageMs ?? 1_000)).toISOString(),
    target,
    window: { from: '2026-11-17', to: '2026-11-23', count: 42, headline: 78.4166, ci95: [64.08, 88.04], ...options.window },
    eventId,
  });
}

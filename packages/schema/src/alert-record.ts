import { z } from 'zod';
import { EnrichedRecord, FeedbackCreated } from './enriched-record.js';
import { METRIC_NAMES } from './metrics.js';

const isoDate = z.iso.datetime({ offset: true });
const utcDate = z.iso.date();

/** What a destination can be sent: a rating, or one of the alerts the worker raises from them. */
export const RECORD_TYPES = ['feedback.created', 'alert.target_missed', 'alert.detractor'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
export const ALERT_TYPES = ['alert.target_missed', 'alert.detractor'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** A target as configured in `insights.targets` (docs/insights.md, "Targets and alerts"). */
export const InsightsTarget = z.object({
  id: z.string(),
  metric: z.enum(METRIC_NAMES),
  /** A glob over touchpoints; the target holds for all matching touchpoints together. */
  touchpoint: z.string(),
  /** The headline must stay at or above this, in the metric's units (percent, NPS points, CES mean). */
  min: z.number(),
  minResponses: z.number().int(),
  windowDays: z.number().int(),
});
export type InsightsTarget = z.infer<typeof InsightsTarget>;

/** The rolling window a target was judged on: UTC days, inclusive. */
export const TargetWindow = z.object({
  from: utcDate,
  to: utcDate,
  count: z.number().int().min(0),
  headline: z.number(),
  ci95: z.tuple([z.number(), z.number()]).optional(),
});
export type TargetWindow = z.infer<typeof TargetWindow>;

/**
 * A target's rolling window fell below it with enough responses to judge. Raised once per breach: the next one
 * comes only after the window has been back at or above the target.
 */
export const TargetMissedAlert = z.object({
  type: z.literal('alert.target_missed'),
  /**
   * `<event id>-target-<target id>-<claim time, Unix ms>`: the rating that tipped the window and when, so a retried job
   * raises the same alert, and a later breach claimed by the same rating gets an id of its own.
   */
  id: z.string(),
  site: z.string().min(1),
  createdAt: isoDate,
  target: InsightsTarget,
  window: TargetWindow,
  /** The rating whose count tipped the window below the target. */
  eventId: z.string(),
});
export type TargetMissedAlert = z.infer<typeof TargetMissedAlert>;

/** An unhappy rating (the metric's negative bucket) that came with a comment: someone to follow up with. */
export const DetractorAlert = z.object({
  type: z.literal('alert.detractor'),
  /** `<event id>-detractor`. */
  id: z.string(),
  site: z.string().min(1),
  createdAt: isoDate,
  rating: EnrichedRecord,
});
export type DetractorAlert = z.infer<typeof DetractorAlert>;

export const AlertRecord = z.discriminatedUnion('type', [TargetMissedAlert, DetractorAlert]);
export type AlertRecord = z.infer<typeof AlertRecord>;

const TargetMissedEvent = z.object({ type: z.literal('alert.target_missed'), timestamp: isoDate, data: TargetMissedAlert });
const DetractorEvent = z.object({ type: z.literal('alert.detractor'), timestamp: isoDate, data: DetractorAlert });

/** The webhook body of an alert: `type` is the alert's, `data` the alert itself. */
export const AlertEvent = z.discriminatedUnion('type', [TargetMissedEvent, DetractorEvent]);
export type AlertEvent = z.infer<typeof AlertEvent>;

/** Any webhook body Feedloop sends; switch on `type`, and ignore types you do not know yet. */
export const WebhookEvent = z.discriminatedUnion('type', [FeedbackCreated, TargetMissedEvent, DetractorEvent]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

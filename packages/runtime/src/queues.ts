import { AlertRecord, EnrichedRecord, WireEvent } from '@feedloop/schema';
import { z } from 'zod';

/**
 * Queue names carry a Redis Cluster hash tag: all keys of one queue share a slot,
 * and different queues may live on different shards.
 */
export const EVENTS_QUEUE = '{events}';

/**
 * BullMQ keeps a stream of job events per queue for listeners; nothing of ours reads it back, so it is kept short
 * (the default is 10,000 entries per queue). Every Queue and Worker we create uses this.
 */
export const QUEUE_STREAMS = { events: { maxLen: 1_000 } } as const;

export function deliveryQueueName(destinationId: string): string {
  return `{deliver-${destinationId}}`;
}

/** One delivery job per event and destination; a retried fan-out finds the same id and queues nothing new. */
export function deliveryJobId(eventId: string, destinationId: string): string {
  return `${eventId}.${destinationId}`;
}

/** What ingest queues: the event as validated, and what only ingest knows. */
export const EventJob = z.object({
  site: z.string(),
  event: WireEvent,
  receivedAt: z.iso.datetime({ offset: true }),
  /** `createdAt` corrected for the client's clock skew. */
  timestamp: z.iso.datetime({ offset: true }),
  userAgent: z.string().optional(),
  /** Already truncated, hashed or absent per `privacy.ip`: a raw address never reaches Redis. */
  ip: z.string().optional(),
});
export type EventJob = z.infer<typeof EventJob>;

const RatingDeliveryJob = z.object({ destinationId: z.string(), record: EnrichedRecord });
const AlertDeliveryJob = z.object({ destinationId: z.string(), alert: AlertRecord });

/** One thing to send to one destination: a rating, or an alert raised from ratings (job id `<id>.<destinationId>`). */
export const DeliveryJob = z.union([RatingDeliveryJob, AlertDeliveryJob]);
export type DeliveryJob = z.infer<typeof DeliveryJob>;

/**
 * The schema a delivery job's data claims to follow, picked by its key: checked against it alone, a broken job
 * fails with the reason (`record.bucket …`) rather than a union's bare "invalid input".
 */
export function deliveryJobSchema(data: unknown): typeof RatingDeliveryJob | typeof AlertDeliveryJob {
  return typeof data === 'object' && data !== null && 'alert' in data ? AlertDeliveryJob : RatingDeliveryJob;
}

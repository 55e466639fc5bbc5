import type { EventJob } from '@feedloop/runtime';
import { bucket, score, type EnrichedRecord } from '@feedloop/schema';

/** The enriched record for a queued event: the wire event plus site, score, bucket and server times. */
export function toRecord(job: EventJob): EnrichedRecord {
  const { event } = job;
  return {
    ...event,
    site: job.site,
    score: score(event.metric, event.value),
    bucket: bucket(event.metric, event.value),
    receivedAt: job.receivedAt,
    timestamp: job.timestamp,
  };
}

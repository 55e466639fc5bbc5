import type { Job } from 'bullmq';
import type { DeadLetterQueue } from './dead-letter-queues.js';

/** One failed job, as `listDeadLetters` lists it. */
export interface DeadLetter {
  /** `events` or `deliver-<destination>` (the queue name without its hash tag). */
  queue: string;
  /** `events` for the events queue, else the destination id. */
  destination: string;
  jobId: string;
  eventId: string;
  /** ISO time of the failure. */
  failedAt: string;
  /** Attempts made before it failed for good. */
  attempts: number;
  reason: string;
}

export function toDeadLetter(source: DeadLetterQueue, job: Job, failedAt: number): DeadLetter {
  return {
    queue: source.label,
    destination: source.destination,
    jobId: job.id ?? '',
    eventId: eventIdOf(source, job),
    failedAt: new Date(job.finishedOn ?? failedAt).toISOString(),
    attempts: job.attemptsMade,
    reason: job.failedReason ?? '',
  };
}

/**
 * The event a job is about, read defensively: a job may be dead precisely because its data breaks the contract.
 * Events jobs carry `event.id` (and use it as job id); delivery jobs `record.id` (job id `<eventId>.<destinationId>`),
 * or `alert.id` for an alert (job id `<alertId>.<destinationId>`).
 */
export function eventIdOf(source: Pick<DeadLetterQueue, 'kind' | 'destination'>, job: Pick<Job, 'id' | 'data'>): string {
  const data = job.data as { event?: { id?: unknown }; record?: { id?: unknown }; alert?: { id?: unknown } } | null | undefined;
  const fromData = source.kind === 'events' ? data?.event?.id : (data?.record?.id ?? data?.alert?.id);
  if (typeof fromData === 'string') return fromData;
  const id = job.id ?? '';
  const suffix = `.${source.destination}`;
  return source.kind === 'delivery' && id.endsWith(suffix) ? id.slice(0, -suffix.length) : id;
}

import type { JobState } from 'bullmq';
import { eventIdOf } from './dead-letter.js';
import { withDeadLetterQueues, type DeadLetterSource } from './dead-letter-queues.js';

/** Everything known of one job; `state` says whether it is still a dead letter (`failed`). */
export interface DeadLetterDetail {
  queue: string;
  destination: string;
  jobId: string;
  eventId: string;
  state: JobState | 'unknown';
  /** The job data as queued: `{ destinationId, record }` for a delivery, the event job for `events`. */
  data: unknown;
  /** Why it failed last; null once replayed. */
  reason: string | null;
  stacktrace: string[];
  attempts: number;
  attemptsStarted: number;
  maxAttempts: number;
  /** ISO times: queued, last taken by a worker, finished (failed or completed). */
  createdAt: string;
  processedAt: string | null;
  finishedAt: string | null;
}

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

/** The job with this id in the events queue or any configured destination's queue, or undefined when none has it. */
export async function showDeadLetter(source: DeadLetterSource, jobId: string): Promise<DeadLetterDetail | undefined> {
  return withDeadLetterQueues(source, undefined, async (queues) => {
    for (const dq of queues) {
      const job = await dq.queue.getJob(jobId);
      if (!job) continue;
      return {
        queue: dq.label,
        destination: dq.destination,
        jobId,
        eventId: eventIdOf(dq, job),
        state: await job.getState(),
        data: job.data as unknown,
        reason: job.failedReason || null,
        stacktrace: job.stacktrace ?? [],
        attempts: job.attemptsMade,
        attemptsStarted: job.attemptsStarted,
        maxAttempts: job.opts.attempts || 1,
        createdAt: new Date(job.timestamp).toISOString(),
        processedAt: iso(job.processedOn),
        finishedAt: iso(job.finishedOn),
      };
    }
    return undefined;
  });
}

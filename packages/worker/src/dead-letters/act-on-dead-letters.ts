import type { Job } from 'bullmq';
import { withDeadLetterQueues, type DeadLetterQueue, type DeadLetterSource } from './dead-letter-queues.js';
import { failedJobs } from './failed-jobs.js';
import { parseSince } from './parse-since.js';

/** Which dead letters to replay or drop; every given part must match. */
export interface DeadLetterFilter {
  /** `events`, or a destination id; default every queue. */
  destination?: string;
  /** Only what failed at or after this: an ISO date/time, a duration back from now (`30m`, `2h`, `7d`) or a Date. */
  since?: string | Date;
  /** Only these job ids (an empty list matches nothing). */
  ids?: readonly string[];
  /** Jobs read from Redis at a time (default 100). */
  pageSize?: number;
}

export interface DeadLetterActionResult {
  count: number;
  /** Per queue (`events`, `deliver-<id>`), only those with at least one. */
  byQueue: Record<string, number>;
  /** Ids asked for that were not (or no longer) in a failed set, e.g. already replayed. */
  skipped: string[];
}

/**
 * Runs `act` on each matching failed job. `act` returns false when the job was no longer failed when it got there
 * (another replay or drop was first); such jobs are not counted.
 */
export async function actOnDeadLetters(source: DeadLetterSource, filter: DeadLetterFilter, act: (dq: DeadLetterQueue, job: Job) => Promise<boolean>): Promise<DeadLetterActionResult> {
  const since = filter.since === undefined ? undefined : parseSince(filter.since);
  const result: DeadLetterActionResult = { count: 0, byQueue: {}, skipped: [] };
  const done = (dq: DeadLetterQueue) => {
    result.count++;
    result.byQueue[dq.label] = (result.byQueue[dq.label] ?? 0) + 1;
  };
  await withDeadLetterQueues(source, filter.destination, async (queues) => {
    if (filter.ids) {
      for (const id of new Set(filter.ids)) {
        let acted = false;
        for (const dq of queues) {
          const job = await dq.queue.getJob(id);
          if (!job || (since !== undefined && (job.finishedOn ?? 0) < since)) continue;
          if (await act(dq, job)) {
            done(dq);
            acted = true;
          }
        }
        if (!acted) result.skipped.push(id);
      }
      return;
    }
    for (const dq of queues) {
      for await (const { job } of failedJobs(dq.queue, source.connection, { since, pageSize: filter.pageSize })) {
        if (await act(dq, job)) done(dq);
      }
    }
  });
  return result;
}

import { toDeadLetter, type DeadLetter } from './dead-letter.js';
import { withDeadLetterQueues, type DeadLetterSource } from './dead-letter-queues.js';
import { DEFAULT_PAGE_SIZE, failedJobs } from './failed-jobs.js';
import { parseSince } from './parse-since.js';
import { DeadLetterQueryError } from './dead-letter-query-error.js';

export const DEFAULT_LIST_LIMIT = 100;

export interface ListDeadLettersOptions {
  /** `events`, or a destination id; default every queue. */
  destination?: string;
  /** Only what failed at or after this: an ISO date/time, a duration back from now (`30m`, `2h`, `7d`) or a Date. */
  since?: string | Date;
  /** At most this many rows (default 100). */
  limit?: number;
  /** Jobs read from Redis at a time (default 100). */
  pageSize?: number;
}

/** Failed jobs of the events queue and the destination queues, newest first. */
export async function listDeadLetters(source: DeadLetterSource, options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
  const limit = options.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new DeadLetterQueryError(`limit must be a positive integer, not ${limit}`);
  const since = options.since === undefined ? undefined : parseSince(options.since);
  const pageSize = Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, limit);
  return withDeadLetterQueues(source, options.destination, async (queues) => {
    const perQueue = await Promise.all(
      queues.map(async (dq) => {
        const rows: DeadLetter[] = [];
        for await (const { job, failedAt } of failedJobs(dq.queue, source.connection, { since, pageSize })) {
          rows.push(toDeadLetter(dq, job, failedAt));
          if (rows.length >= limit) break;
        }
        return rows;
      }),
    );
    return perQueue
      .flat()
      .sort((a, b) => b.failedAt.localeCompare(a.failedAt) || a.jobId.localeCompare(b.jobId))
      .slice(0, limit);
  });
}

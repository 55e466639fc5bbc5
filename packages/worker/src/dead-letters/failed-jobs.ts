import type { Job, Queue } from 'bullmq';
import type { RedisClient } from '@feedloop/runtime';

export const DEFAULT_PAGE_SIZE = 100;

export interface FailedJob {
  job: Job;
  /** When it failed (epoch ms): its score in the failed set. */
  failedAt: number;
}

/**
 * The jobs of a queue's failed set, newest first, `pageSize` at a time, down to `since` (epoch ms).
 *
 * It pages by failure time rather than by position, so a caller may replay or remove what it is given (or another
 * process may, at the same time) without making later jobs shift past the cursor unseen. A job that fails again
 * after a replay has a newer time than the cursor and is not met a second time.
 */
export async function* failedJobs(queue: Queue, connection: RedisClient, options: { since?: number | undefined; pageSize?: number | undefined } = {}): AsyncGenerator<FailedJob> {
  const { since } = options;
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
  const key = queue.toKey('failed');
  const min = since === undefined ? '-inf' : String(since);
  let max = '+inf';
  // Ids already given at exactly the `max` score: the next page starts at that score again, so several jobs
  // failing in the same millisecond are neither skipped nor given twice.
  let seenAtMax = new Set<string>();
  for (;;) {
    const flat = await connection.zrevrangebyscore(key, max, min, 'WITHSCORES', 'LIMIT', 0, pageSize + seenAtMax.size);
    const page: { id: string; score: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const id = flat[i]!;
      if (!seenAtMax.has(id)) page.push({ id, score: Number(flat[i + 1]) });
    }
    if (page.length === 0) return;
    const lowest = page[page.length - 1]!.score;
    const next = new Set(String(lowest) === max ? seenAtMax : []);
    for (const { id, score } of page) if (score === lowest) next.add(id);
    seenAtMax = next;
    max = String(lowest);
    const jobs = await Promise.all(page.map(({ id }) => queue.getJob(id)));
    for (const [index, job] of jobs.entries()) {
      // Gone between the two reads (replayed and done, removed): nothing to give.
      if (job) yield { job, failedAt: page[index]!.score };
    }
  }
}

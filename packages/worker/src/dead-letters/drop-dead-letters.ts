import { actOnDeadLetters, type DeadLetterActionResult, type DeadLetterFilter } from './act-on-dead-letters.js';
import type { DeadLetterSource } from './dead-letter-queues.js';

/**
 * Removes matching failed jobs for good (`job.remove()`). Each job is first taken out of the failed set
 * atomically, so of a drop and a replay (or two drops) running at once exactly one gets it, and it is counted once.
 */
export async function dropDeadLetters(source: DeadLetterSource, filter: DeadLetterFilter = {}): Promise<DeadLetterActionResult> {
  return actOnDeadLetters(source, filter, async (dq, job) => {
    const failedKey = dq.queue.toKey('failed');
    const score = await source.connection.zscore(failedKey, job.id!);
    if (score === null || (await source.connection.zrem(failedKey, job.id!)) !== 1) return false;
    try {
      await job.remove();
    } catch (error) {
      // Leave it a dead letter rather than a job in no state at all.
      await source.connection.zadd(failedKey, score, job.id!).catch(() => {});
      throw error;
    }
    return true;
  });
}

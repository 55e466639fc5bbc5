import { actOnDeadLetters, type DeadLetterActionResult, type DeadLetterFilter } from './act-on-dead-letters.js';
import type { DeadLetterSource } from './dead-letter-queues.js';

/**
 * Moves matching failed jobs back to waiting with BullMQ's `job.retry('failed')`: the same job id (so job-id
 * dedupe still holds) and a fresh set of attempts. The move is atomic and only happens from the failed set, so a
 * job already replayed (or completed, or dropped) is skipped: two replays, one after the other or at the same
 * time, queue each job once.
 */
export async function replayDeadLetters(source: DeadLetterSource, filter: DeadLetterFilter = {}): Promise<DeadLetterActionResult> {
  return actOnDeadLetters(source, filter, async (dq, job) => {
    try {
      // BullMQ's retry resets attempts but not the stall count: a job dead-lettered for stalling would die at its next stall.
      await source.connection.hdel(dq.queue.toKey(job.id!), 'stc');
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    } catch (error) {
      // Not in the failed set any more, or gone: someone else got there first.
      if ((await dq.queue.getJobState(job.id!)) !== 'failed') return false;
      throw error;
    }
  });
}

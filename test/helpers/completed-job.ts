import type { Job, Queue } from 'bullmq';
import { expect } from 'vitest';

/**
 * The job once BullMQ has completed it. A receiver has a delivery before the worker has its answer, and BullMQ counts
 * the attempt (`attemptsMade`) only when the job completes: reading it as soon as the receiver has it races the worker.
 */
export async function completedJob(queue: Queue, jobId: string, timeoutMs = 10_000): Promise<Job> {
  await expect.poll(async () => (await queue.getJob(jobId))?.getState(), { timeout: timeoutMs }).toBe('completed');
  return (await queue.getJob(jobId))!;
}

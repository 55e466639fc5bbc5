import type { Job } from 'bullmq';

/** True when BullMQ will not try this job again: it was unrecoverable, or it used its last attempt. */
export function isFinalFailure(job: Job | undefined, error: Error): boolean {
  return job !== undefined && (error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1));
}

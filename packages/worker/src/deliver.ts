import type { Destination } from '@feedloop/destinations';
import { DeliveryJob, type Logger } from '@feedloop/runtime';
import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { parseJob } from './parse-job.js';

/**
 * The `deliver-<id>` processor: one send, and the outcome turned into what BullMQ should do.
 * Throttling and auth failures put the job back without spending an attempt.
 */
export function createDeliver(destination: Destination, queue: Queue<DeliveryJob>, logger: Logger) {
  return async function deliver(job: Job<DeliveryJob>): Promise<{ status: number }> {
    const { record } = parseJob(DeliveryJob, job.data, job.queueName);
    const outcome = await destination.send(record);
    const context = { destination: destination.id, eventId: record.id, attempt: job.attemptsMade + 1 };
    switch (outcome.kind) {
      case 'ok':
        return { status: outcome.status };
      case 'retry':
        throw new Error(outcome.reason);
      case 'rejected':
        throw new UnrecoverableError(outcome.reason);
      case 'throttled':
        logger.warn({ ...context, waitMs: outcome.waitMs, reason: outcome.reason }, 'destination throttled us');
        await queue.rateLimit(outcome.waitMs);
        throw Worker.RateLimitError();
      case 'auth':
        logger.error({ ...context, reason: outcome.reason }, 'destination refused our credentials: its delivery is paused until a worker restarts with new ones');
        await queue.pause();
        throw Worker.RateLimitError();
    }
  };
}

import type { DeliveryJob, DestinationConfig, Logger } from '@feedloop/runtime';
import { Worker, type ConnectionOptions, type Queue } from 'bullmq';
import { createDeliver } from './deliver.js';
import { destinationFromConfig } from './destination-from-config.js';
import { isFinalFailure } from './is-final-failure.js';
import { WORKER_SETTINGS } from './worker-settings.js';

// BullMQ honours a queue-wide rate limit (set on a 429) only in workers that have a limiter; this one
// never binds, so a destination without a configured rate limit still waits when it throttles us.
const UNBOUNDED_LIMITER = { max: 1_000_000, duration: 1_000 };

/** The worker of one destination's queue, with its own concurrency and rate limit. */
export function createDeliveryWorker(config: DestinationConfig, queue: Queue<DeliveryJob>, connection: ConnectionOptions, prefix: string, logger: Logger): Worker<DeliveryJob> {
  const deliver = createDeliver(destinationFromConfig(config), queue, logger);
  const worker = new Worker<DeliveryJob>(queue.name, deliver, {
    connection,
    prefix,
    concurrency: config.concurrency,
    ...WORKER_SETTINGS,
    limiter: config.rateLimit ? { max: config.rateLimit.max, duration: config.rateLimit.perMs } : UNBOUNDED_LIMITER,
  });
  worker.on('failed', (job, error) => {
    const final = isFinalFailure(job, error);
    logger[final ? 'error' : 'warn'](
      { destination: config.id, eventId: job?.data.record?.id, attempt: job?.attemptsMade, reason: error.message },
      final ? 'delivery failed for good: kept in the failed set' : 'delivery failed: will retry',
    );
  });
  worker.on('completed', (job) => logger.info({ destination: config.id, eventId: job.data.record.id }, 'delivered'));
  return worker;
}

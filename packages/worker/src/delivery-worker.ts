import type { Destination } from '@feedloop/destinations';
import type { DeliveryJob, DestinationConfig, Logger } from '@feedloop/runtime';
import { Worker, type ConnectionOptions, type Job, type Queue } from 'bullmq';
import { createDeliver } from './deliver.js';
import { destinationFromConfig } from './destination-from-config.js';
import type { InFlight } from './in-flight.js';
import type { WorkerMetrics } from './worker-metrics.js';
import { WORKER_SETTINGS } from './worker-settings.js';

// BullMQ honours a queue-wide rate limit (set on a 429) only in workers that have a limiter; this one
// never binds, so a destination without a configured rate limit still waits when it throttles us.
const UNBOUNDED_LIMITER = { max: 1_000_000, duration: 1_000 };

export interface DeliveryWorkerOptions {
  queue: Queue<DeliveryJob>;
  connection: ConnectionOptions;
  prefix: string;
  logger: Logger;
  metrics: WorkerMetrics;
  /** The adapter; by default the one the config's `type` names. */
  destination?: Destination;
  /** Counts running deliveries, for a graceful shutdown. */
  inFlight?: InFlight;
}

/** The worker of one destination's queue, with its own concurrency and rate limit. */
export function createDeliveryWorker(config: DestinationConfig, options: DeliveryWorkerOptions): Worker<DeliveryJob> {
  const { queue, connection, prefix, logger, metrics } = options;
  const destination = options.destination ?? destinationFromConfig(config);
  const takeMore = async (token: string, count: number) => {
    const taken: Job<DeliveryJob>[] = [];
    while (taken.length < count) {
      const job = await worker.getNextJob(token, { block: false });
      if (!job) break;
      taken.push(job);
    }
    return taken;
  };
  const deliver = createDeliver({ destination, queue, logger, metrics }, takeMore);
  const worker: Worker<DeliveryJob> = new Worker<DeliveryJob>(queue.name, options.inFlight ? options.inFlight.track(deliver) : deliver, {
    connection,
    prefix,
    concurrency: config.concurrency,
    ...WORKER_SETTINGS,
    limiter: config.rateLimit ? { max: config.rateLimit.max, duration: config.rateLimit.perMs } : UNBOUNDED_LIMITER,
  });
  return worker;
}

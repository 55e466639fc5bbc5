import { createRedis, DeliveryJob, EVENTS_QUEUE, type Config, type EventJob, type Logger } from '@feedloop/runtime';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { jitteredBackoff } from './backoff.js';
import { createDeliver } from './deliver.js';
import { destinationFromConfig } from './destination-from-config.js';
import { createFanOut } from './fan-out.js';

export interface StartWorkerOptions {
  logger: Logger;
  /** A connection for queues; workers open their own blocking connections from the same URL. */
  redis?: Redis;
  /** Parallel jobs on the events queue. Default 16. */
  concurrency?: number;
}

export interface RunningWorker {
  close(): Promise<void>;
  readonly workers: readonly Worker[];
}

/** Consumes `events` and every `deliver-<id>` queue until closed. */
export async function startWorker(config: Readonly<Config>, options: StartWorkerOptions): Promise<RunningWorker> {
  const { logger } = options;
  const connection = options.redis ?? createRedis(config.redis.url, 'worker');
  const prefix = config.redis.prefix;
  const fanOut = createFanOut(config, connection, (error) => logger.warn({ err: error }, 'redis error'));
  const settings = { backoffStrategy: (attemptsMade: number, _type?: string, _err?: Error, job?: { opts: { backoff?: unknown } }) => {
    const backoff = job?.opts.backoff as { delay?: number } | undefined;
    return jitteredBackoff(attemptsMade, backoff?.delay ?? 1_000);
  } };

  const eventsWorker = new Worker<EventJob>(EVENTS_QUEUE, fanOut.process, {
    connection,
    prefix,
    concurrency: options.concurrency ?? 16,
    settings,
  });
  const deliveryWorkers = config.destinations.map((destinationConfig) => {
    const queue = fanOut.queues.get(destinationConfig.id)!;
    const deliver = createDeliver(destinationFromConfig(destinationConfig), queue, logger);
    const worker = new Worker<DeliveryJob>(queue.name, deliver, {
      connection,
      prefix,
      concurrency: destinationConfig.concurrency,
      settings,
      ...(destinationConfig.rateLimit ? { limiter: { max: destinationConfig.rateLimit.max, duration: destinationConfig.rateLimit.perMs } } : {}),
    });
    worker.on('failed', (job, error) => {
      const final = job && (error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1));
      logger[final ? 'error' : 'warn'](
        { destination: destinationConfig.id, eventId: job?.data.record.id, attempt: job?.attemptsMade, reason: error.message },
        final ? 'delivery failed for good: kept in the failed set' : 'delivery failed: will retry',
      );
    });
    worker.on('completed', (job) => logger.info({ destination: destinationConfig.id, eventId: job.data.record.id }, 'delivered'));
    return worker;
  });
  const workers = [eventsWorker, ...deliveryWorkers];
  for (const worker of workers) worker.on('error', (error) => logger.error({ err: error, queue: worker.name }, 'worker error'));
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));

  return {
    workers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await fanOut.close();
      if (!options.redis) connection.disconnect();
    },
  };
}

import { hostname } from 'node:os';
import { createRedis, EVENTS_QUEUE, IntakePump, redactUrl, type Config, type EventJob, type Logger } from '@feedloop/runtime';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createDeliveryWorker } from './delivery-worker.js';
import { createFanOut } from './fan-out.js';
import { isFinalFailure } from './is-final-failure.js';
import { toRecord } from './to-record.js';
import { WORKER_SETTINGS } from './worker-settings.js';

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
  const fanOut = createFanOut(config, connection, {
    enrich: toRecord,
    onError: (error) => logger.warn({ err: error, redis: redactUrl(config.redis.url) }, 'redis error'),
  });

  // A destination paused after an auth failure is resumed when a worker starts: a restart is how new credentials arrive.
  for (const [id, queue] of fanOut.queues) {
    if (await queue.isPaused()) {
      await queue.resume();
      logger.warn({ destination: id }, 'destination was paused after an auth failure: resumed at start-up');
    }
  }

  const eventsWorker = new Worker<EventJob>(EVENTS_QUEUE, fanOut.process, {
    connection,
    prefix,
    concurrency: options.concurrency ?? 16,
    ...WORKER_SETTINGS,
  });
  eventsWorker.on('failed', (job, error) => {
    const final = isFinalFailure(job, error);
    logger[final ? 'error' : 'warn']({ eventId: job?.id, attempt: job?.attemptsMade, reason: error.message }, final ? 'event failed for good: kept in the failed set' : 'event failed: will retry');
  });
  const deliveryWorkers = config.destinations.map((destination) =>
    createDeliveryWorker(destination, fanOut.queues.get(destination.id)!, connection, prefix, logger),
  );
  const workers = [eventsWorker, ...deliveryWorkers];
  for (const worker of workers) worker.on('error', (error) => logger.error({ err: error, queue: worker.name }, 'worker error'));
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  // What ingest took goes from the intake stream into the events queue; every worker process pumps, sharing the work.
  const pumpConnection = createRedis(config.redis.url, 'worker');
  const pump = new IntakePump({
    redis: pumpConnection,
    prefix,
    consumer: `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    onError: (error) => logger.warn({ err: error }, 'intake pump: will retry'),
  });
  pump.start();

  return {
    workers,
    async close() {
      await pump.close();
      pumpConnection.disconnect();
      await Promise.all(workers.map((worker) => worker.close()));
      await fanOut.close();
      if (!options.redis) connection.disconnect();
    },
  };
}

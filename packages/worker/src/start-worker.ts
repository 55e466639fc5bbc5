import { hostname } from 'node:os';
import { connectRedis, EVENTS_QUEUE, IntakePump, QUEUE_STREAMS, describeRedis, type Config, type EventJob, type Logger } from '@feedloop/runtime';
import { Queue, Worker } from 'bullmq';
import type { RedisClient } from '@feedloop/runtime';
import type { Registry } from 'prom-client';
import { createDeliveryWorker } from './delivery-worker.js';
import { createFanOut, type FanOutResult } from './fan-out.js';
import { InFlight } from './in-flight.js';
import { isFinalFailure } from './is-final-failure.js';
import { loadEnricher } from './enrich/load-enricher.js';
import { createWorkerMetrics } from './worker-metrics.js';
import { WORKER_SETTINGS } from './worker-settings.js';

export interface StartWorkerOptions {
  logger: Logger;
  /** A connection for queues; workers open their own blocking connections like it. */
  redis?: RedisClient;
  /** Parallel jobs on the events queue. Default `worker.concurrency` of the config (16). */
  concurrency?: number;
}

export interface RunningWorker {
  /** Stops taking jobs, lets those in flight finish for up to `worker.shutdownMs`, then closes. */
  close(): Promise<void>;
  readonly workers: readonly Worker[];
  /** `events` and each destination id → its queue: for admin pages and dead-letter tools. */
  readonly queues: ReadonlyMap<string, Queue>;
  /** Prometheus metrics of this worker: deliveries, latency, queue depths, dead letters. */
  readonly metrics: Registry;
  /** Whether every worker is taking jobs and the Redis connection is up: for a readiness probe. */
  isReady(): boolean;
}

/** Consumes `events` and every `deliver-<id>` queue until closed. */
export async function startWorker(config: Readonly<Config>, options: StartWorkerOptions): Promise<RunningWorker> {
  const { logger } = options;
  // Before any connection opens: a bad enrich.geoip stops start-up with nothing left running.
  const enrich = await loadEnricher(config);
  const connection = options.redis ?? connectRedis(config.redis, 'worker');
  const prefix = config.redis.prefix;
  const onRedisError = (error: Error) => logger.warn({ err: error, redis: describeRedis(config.redis) }, 'redis error');
  const fanOut = createFanOut(config, connection, {
    enrich,
    onError: onRedisError,
  });
  const eventsQueue = new Queue<EventJob>(EVENTS_QUEUE, { connection, prefix, streams: QUEUE_STREAMS });
  eventsQueue.on('error', onRedisError);
  const queues = new Map<string, Queue>([['events', eventsQueue], ...fanOut.queues]);
  const metrics = createWorkerMetrics(queues);

  // A destination paused after an auth failure is resumed when a worker starts: a restart is how new credentials arrive.
  for (const [id, queue] of fanOut.queues) {
    if (await queue.isPaused()) {
      await queue.resume();
      logger.warn({ destination: id }, 'destination was paused after an auth failure: resumed at start-up');
    }
  }

  const inFlight = new InFlight();
  const eventsWorker = new Worker<EventJob>(EVENTS_QUEUE, inFlight.track(fanOut.process), {
    connection,
    prefix,
    concurrency: options.concurrency ?? config.worker.concurrency,
    ...WORKER_SETTINGS,
  });
  eventsWorker.on('completed', (_job, result: FanOutResult) => {
    metrics.events.inc({ outcome: 'routed' });
    for (const alert of result.alerts) metrics.alerts.inc({ type: alert.type });
  });
  eventsWorker.on('failed', (job, error) => {
    const final = isFinalFailure(job, error);
    if (final) metrics.events.inc({ outcome: 'failed' });
    logger[final ? 'error' : 'warn']({ eventId: job?.id, attempt: job?.attemptsMade, reason: error.message }, final ? 'event failed for good: kept in the failed set' : 'event failed: will retry');
  });
  const deliveryWorkers = config.destinations.map((destination) =>
    createDeliveryWorker(destination, { queue: fanOut.queues.get(destination.id)!, connection, prefix, logger, metrics, inFlight }),
  );
  const workers = [eventsWorker, ...deliveryWorkers];
  for (const worker of workers) worker.on('error', (error) => logger.error({ err: error, queue: worker.name }, 'worker error'));
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  // What ingest took goes from the intake stream into the events queue; every worker process pumps, sharing the work.
  const pumpConnection = connectRedis(config.redis, 'worker');
  const pump = new IntakePump({
    redis: pumpConnection,
    prefix,
    consumer: `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    onError: (error) => logger.warn({ err: error }, 'intake pump: will retry'),
  });
  pump.start();

  /**
   * Takes no new job at once; what is running gets until the deadline. Then the workers close without waiting:
   * a job still running (or fetched at the last moment) keeps its lock until it lapses, and runs again elsewhere.
   */
  async function closeWorkers(): Promise<void> {
    await Promise.all(workers.map((worker) => worker.pause(true)));
    const deadline = new Promise<false>((resolve) => setTimeout(resolve, config.worker.shutdownMs, false).unref());
    if (!(await Promise.race([inFlight.idle().then(() => true), deadline]))) {
      logger.warn({ shutdownMs: config.worker.shutdownMs, running: inFlight.size }, 'jobs still in flight at the shutdown deadline: another worker will run them again');
    }
    await Promise.all(workers.map((worker) => worker.close(true)));
  }

  return {
    workers,
    queues,
    metrics: metrics.registry,
    isReady: () => connection.status === 'ready' && workers.every((worker) => worker.isRunning()),
    async close() {
      await Promise.all([pump.close().then(() => pumpConnection.disconnect()), closeWorkers()]);
      await Promise.all([fanOut.close(), eventsQueue.close()]);
      if (!options.redis) connection.disconnect();
    },
  };
}

import { deliveryJobId, deliveryQueueName, EventJob, QUEUE_STREAMS, type Config, type DeliveryJob } from '@feedloop/runtime';
import type { EnrichedRecord } from '@feedloop/schema';
import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { createInsightsCounter } from './insights/count-rating.js';
import { compileWhen } from './matches-when.js';
import { parseJob } from './parse-job.js';

const KEEP_FAILED = { age: 14 * 24 * 3_600 };

/**
 * The `events` processor: enrich, count for insights, then queue one delivery per matching destination. The delivery
 * job id is `<eventId>.<destinationId>` and the count leaves a mark per event, so running this again for the same
 * event counts and queues nothing new.
 */
export interface FanOutOptions {
  /** Turns a queued event into the record destinations get. */
  enrich: (job: EventJob) => EnrichedRecord;
  onError: (error: Error) => void;
}

export function createFanOut(config: Readonly<Config>, connection: Redis, { enrich, onError }: FanOutOptions) {
  const keepCompleted = { age: config.worker.keepCompleted.ageSeconds, count: config.worker.keepCompleted.count };
  const insights = createInsightsCounter(config, connection);
  const routes = config.destinations.map((destination) => {
    const queue = new Queue<DeliveryJob>(deliveryQueueName(destination.id), { connection, prefix: config.redis.prefix, streams: QUEUE_STREAMS });
    queue.on('error', onError);
    return { destination, matches: compileWhen(destination.when), queue };
  });

  async function process(job: Job<EventJob>): Promise<{ destinations: string[] }> {
    const record = enrich(parseJob(EventJob, job.data, job.queueName));
    await insights.count(record);
    const targets = routes.filter((route) => route.matches(record));
    await Promise.all(
      targets.map(({ destination, queue }) =>
        queue.add(
          'deliver',
          { destinationId: destination.id, record },
          {
            jobId: deliveryJobId(record.id, destination.id),
            attempts: destination.retry.attempts,
            backoff: { type: 'jitter', delay: destination.retry.backoffMs },
            removeOnComplete: keepCompleted,
            removeOnFail: KEEP_FAILED,
          },
        ),
      ),
    );
    return { destinations: targets.map((t) => t.destination.id) };
  }

  async function close(): Promise<void> {
    await Promise.all(routes.map((route) => route.queue.close()));
  }

  return { process, close, queues: new Map(routes.map((r) => [r.destination.id, r.queue])) };
}

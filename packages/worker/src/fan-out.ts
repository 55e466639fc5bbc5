import { deliveryJobId, deliveryQueueName, EventJob, QUEUE_STREAMS, type Config, type DeliveryJob } from '@feedloop/runtime';
import type { AlertRecord, EnrichedRecord } from '@feedloop/schema';
import { Queue, type Job } from 'bullmq';
import type { RedisClient } from '@feedloop/runtime';
import { createInsightsCounter } from './insights/count-rating.js';
import { detractorAlert } from './insights/detractor-alert.js';
import { createTargetWatch } from './insights/watch-targets.js';
import { compileWhen } from './matches-when.js';
import { parseJob } from './parse-job.js';

const KEEP_FAILED = { age: 14 * 24 * 3_600 };

/**
 * The `events` processor: enrich, count for insights, judge the targets, then queue one delivery per matching
 * destination for the rating and for each alert it raised. Delivery job ids are `<eventId>.<destinationId>` and
 * `<alertId>.<destinationId>`, alert ids are fixed by the event, and the count leaves a mark per event, so running
 * this again for the same event counts and queues nothing new.
 */
export interface FanOutOptions {
  /** Turns a queued event into the record destinations get. */
  enrich: (job: EventJob) => EnrichedRecord;
  onError: (error: Error) => void;
}

/** What an events job returns (kept with the completed job): where the rating went, and the alerts it raised. */
export interface FanOutResult {
  destinations: string[];
  alerts: { id: string; type: AlertRecord['type'] }[];
}

export function createFanOut(config: Readonly<Config>, connection: RedisClient, { enrich, onError }: FanOutOptions) {
  const keepCompleted = { age: config.worker.keepCompleted.ageSeconds, count: config.worker.keepCompleted.count };
  const insights = createInsightsCounter(config, connection);
  const targetWatch = createTargetWatch(config, connection);
  const routes = config.destinations.map((destination) => {
    const queue = new Queue<DeliveryJob>(deliveryQueueName(destination.id), { connection, prefix: config.redis.prefix, streams: QUEUE_STREAMS });
    queue.on('error', onError);
    return { destination, matches: compileWhen(destination.when), queue };
  });
  type Route = (typeof routes)[number];

  function queueDelivery({ destination, queue }: Route, itemId: string, data: DeliveryJob) {
    return queue.add('deliver', data, {
      jobId: deliveryJobId(itemId, destination.id),
      attempts: destination.retry.attempts,
      backoff: { type: 'jitter', delay: destination.retry.backoffMs },
      removeOnComplete: keepCompleted,
      removeOnFail: KEEP_FAILED,
    });
  }

  async function process(job: Job<EventJob>): Promise<FanOutResult> {
    const record = enrich(parseJob(EventJob, job.data, job.queueName));
    const targets = targetWatch.targetsOf(record);
    await insights.count(record, targets);
    // Judged also when the count was a repeat: the job may have stopped after counting, before queueing the alert.
    const alerts: AlertRecord[] = await targetWatch.judge(record, targets);
    const detractor = config.insights.detractorAlerts ? detractorAlert(record) : undefined;
    if (detractor) alerts.push(detractor);

    const forRecord = routes.filter((route) => route.matches(record));
    const forAlerts = alerts.flatMap((alert) => routes.filter((route) => route.matches.alert(alert)).map((route) => ({ route, alert })));
    await Promise.all([
      ...forRecord.map((route) => queueDelivery(route, record.id, { destinationId: route.destination.id, record })),
      ...forAlerts.map(({ route, alert }) => queueDelivery(route, alert.id, { destinationId: route.destination.id, alert })),
    ]);
    return { destinations: forRecord.map((route) => route.destination.id), alerts: alerts.map(({ id, type }) => ({ id, type })) };
  }

  async function close(): Promise<void> {
    await Promise.all(routes.map((route) => route.queue.close()));
  }

  return { process, close, queues: new Map(routes.map((r) => [r.destination.id, r.queue])) };
}

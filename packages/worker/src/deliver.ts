import type { Outcome } from '@feedloop/destinations';
import { deliveryJobSchema, type DeliveryJob } from '@feedloop/runtime';
import type { AlertRecord, EnrichedRecord } from '@feedloop/schema';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { parseJob } from './parse-job.js';
import { settleDelivery, type DeliveryContext, type Settlement } from './settle-delivery.js';
import { WORKER_SETTINGS } from './worker-settings.js';

/** Takes up to `count` more waiting jobs of the same queue, locked with `token`; none when the queue is empty or limited. */
export type TakeMore = (token: string, count: number) => Promise<Job<DeliveryJob>[]>;

type RatingJob = Job<Extract<DeliveryJob, { record: unknown }>>;

/**
 * The `deliver-<id>` processor. A destination that takes batches gets the job in hand plus up to `maxBatch − 1`
 * waiting ones in one request; each job is then settled by its own outcome: the job in hand through BullMQ's
 * return or throw, the others by moving them ourselves.
 */
export function createDeliver(context: DeliveryContext, takeMore: TakeMore) {
  const { destination } = context;
  const batchSize = destination.sendBatch ? Math.max(1, destination.maxBatch ?? 1) : 1;

  return async function deliver(job: Job<DeliveryJob>, token?: string): Promise<{ status: number }> {
    const data: DeliveryJob = parseJob(deliveryJobSchema(job.data), job.data, job.queueName);
    if ('alert' in data) return settleInHand(await settleDelivery(job, await sendAlert(data.alert), context));
    const { record } = data;
    const extras = batchSize > 1 && token ? await takeValid(takeMore, token, batchSize - 1) : [];
    if (extras.length === 0) return settleInHand(await settleDelivery(job, await sendOne(record), context));

    const keepLocked = keepLocks(extras, token!);
    let outcomes: Outcome[];
    try {
      outcomes = await sendBatch([record, ...extras.map((extra) => extra.data.record)]);
    } finally {
      clearInterval(keepLocked);
    }
    // Every throttled record of the batch would set the queue's wait in turn; the longest one is set once, before
    // any job goes back to waiting, so no worker takes one in between.
    let longestHold = 0;
    const batchContext = { ...context, hold: async (ms: number) => void (longestHold = Math.max(longestHold, ms)) };
    const settlements = await Promise.all(extras.map((extra, index) => settleDelivery(extra, outcomes[index + 1]!, batchContext)));
    const inHand = await settleDelivery(job, outcomes[0]!, batchContext);
    if (longestHold > 0) await context.queue.rateLimit(longestHold);
    // An extra that cannot be moved (its lock lapsed, Redis blinked) comes back through the stalled check;
    // it must not turn the job in hand, whose outcome is known, into a failure.
    const moved = await Promise.allSettled(extras.map((extra, index) => moveTaken(extra, settlements[index]!, token!)));
    moved.forEach((result, index) => {
      if (result.status === 'rejected') {
        context.logger.warn({ destination: destination.id, jobId: extras[index]!.id, err: result.reason as Error }, 'could not settle a batched delivery: it will run again');
      }
    });
    return settleInHand(inHand);
  };

  /** Adapters classify what providers answer and never throw for it; a throw anyway is worth another try. */
  async function sendOne(record: EnrichedRecord): Promise<Outcome> {
    try {
      return await destination.send(record);
    } catch (error) {
      context.logger.error({ destination: destination.id, eventId: record.id, err: error as Error }, 'adapter threw');
      return { kind: 'retry', reason: `the ${destination.type} adapter failed: ${(error as Error).message}` };
    }
  }

  async function sendAlert(alert: AlertRecord): Promise<Outcome> {
    if (!destination.sendAlert) return { kind: 'rejected', reason: `a ${destination.type} destination takes no alerts (${alert.type})` };
    try {
      return await destination.sendAlert(alert);
    } catch (error) {
      context.logger.error({ destination: destination.id, alertId: alert.id, err: error as Error }, 'adapter threw');
      return { kind: 'retry', reason: `the ${destination.type} adapter failed: ${(error as Error).message}` };
    }
  }

  async function sendBatch(records: EnrichedRecord[]): Promise<Outcome[]> {
    let outcomes: Outcome[];
    try {
      outcomes = await destination.sendBatch!(records);
    } catch (error) {
      // Adapters classify what providers answer; a throw is our bug or the network's, worth another try for every record.
      outcomes = [];
      context.logger.error({ destination: destination.id, err: error as Error }, 'batch adapter threw');
    }
    // An adapter that answers for fewer records than it was given must not leave the rest unsettled.
    return records.map((_, index) => outcomes[index] ?? { kind: 'retry', reason: 'the destination gave no result for this record' });
  }
}

/**
 * Extra jobs whose data breaks the contract fail at once, like the job in hand would. So do alerts: only providers
 * without batches take them (the config sees to it), so one here was queued for another kind of destination.
 */
async function takeValid(takeMore: TakeMore, token: string, count: number): Promise<RatingJob[]> {
  const taken = await takeMore(token, count);
  const valid: RatingJob[] = [];
  for (const job of taken) {
    const parsed = deliveryJobSchema(job.data).safeParse(job.data);
    // BullMQ marks a job that stalled too often; it fails it only in its own loop, so the extras are checked here.
    if (job.deferredFailure) await job.moveToFailed(new UnrecoverableError(job.deferredFailure), token, false);
    else if (!parsed.success) await job.moveToFailed(new UnrecoverableError(`job data on ${job.queueName} breaks its contract`), token, false);
    else if ('alert' in parsed.data) await job.moveToFailed(new UnrecoverableError(`an alert on ${job.queueName}, whose destination takes batches and no alerts`), token, false);
    else valid.push(job as RatingJob);
  }
  return valid;
}

/** The worker renews locks only of the job it took itself; a slow batch request must not let the others stall. */
function keepLocks(jobs: Job[], token: string): NodeJS.Timeout {
  return setInterval(() => {
    for (const job of jobs) void job.extendLock(token, WORKER_SETTINGS.lockDuration).catch(() => {});
  }, WORKER_SETTINGS.lockDuration / 3);
}

function settleInHand(settlement: Settlement): { status: number } {
  switch (settlement.kind) {
    case 'complete':
      return settlement.result;
    case 'fail':
      throw settlement.final ? new UnrecoverableError(settlement.reason) : new Error(settlement.reason);
    case 'wait':
      throw Worker.RateLimitError();
  }
}

async function moveTaken(job: Job<DeliveryJob>, settlement: Settlement, token: string): Promise<void> {
  switch (settlement.kind) {
    case 'complete':
      await job.moveToCompleted(settlement.result, token, false);
      return;
    case 'fail':
      await job.moveToFailed(settlement.final ? new UnrecoverableError(settlement.reason) : new Error(settlement.reason), token, false);
      return;
    case 'wait':
      await job.moveToWait(token);
  }
}

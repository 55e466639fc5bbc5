import type { Destination, Outcome } from '@feedloop/destinations';
import type { DeliveryJob, Logger } from '@feedloop/runtime';
import type { Job, Queue } from 'bullmq';
import type { WorkerMetrics } from './worker-metrics.js';

export interface DeliveryContext {
  destination: Destination;
  queue: Queue<DeliveryJob>;
  logger: Logger;
  metrics: WorkerMetrics;
  /** Holds the whole queue for `ms`; by default `queue.rateLimit`. A batch collects its waits and holds once. */
  hold?: (ms: number) => Promise<void>;
}

/** What BullMQ should do with a job once its outcome is known. */
export type Settlement =
  | { kind: 'complete'; result: { status: number } }
  | { kind: 'fail'; reason: string; final: boolean }
  /** Back to waiting without spending an attempt: the destination throttled us or is paused. */
  | { kind: 'wait' };

const MIN_WAIT_MS = 1_000;
const MAX_WAIT_MS = 24 * 60 * 60_000;
const FALLBACK_WAIT_MS = 60_000;

/**
 * Whatever an adapter asks for, the queue waits between 1 s and a day: a throttle spends no attempt, so "0 ms" would
 * be a busy loop against the provider, and "three years" a destination frozen by one odd header.
 */
export function throttleWait(waitMs: number): number {
  return Number.isFinite(waitMs) ? Math.min(Math.max(waitMs, MIN_WAIT_MS), MAX_WAIT_MS) : FALLBACK_WAIT_MS;
}

/**
 * Counts and logs one delivery outcome, applies what it means for the whole destination (a queue-wide wait on
 * throttling, a pause on refused credentials), and says what becomes of the job.
 */
export async function settleDelivery(job: Job<DeliveryJob>, outcome: Outcome, context: DeliveryContext): Promise<Settlement> {
  const { destination, queue, logger, metrics } = context;
  const data = job.data;
  const fields = { destination: destination.id, ...('record' in data ? { eventId: data.record.id } : { alertId: data.alert.id }), attempt: job.attemptsMade + 1 };
  const queuedSince = 'record' in data ? data.record.receivedAt : data.alert.createdAt;
  metrics.deliveries.inc({ destination: destination.id, outcome: outcome.kind });
  switch (outcome.kind) {
    case 'ok':
      metrics.deliveryLatency.observe({ destination: destination.id }, Math.max(0, Date.now() - Date.parse(queuedSince)) / 1000);
      logger.debug(fields, 'delivered');
      return { kind: 'complete', result: { status: outcome.status } };
    case 'retry':
    case 'rejected': {
      const final = outcome.kind === 'rejected' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final) metrics.deadLettered.inc({ destination: destination.id });
      logger[final ? 'error' : 'warn'](
        { ...fields, status: outcome.status, reason: outcome.reason },
        final ? 'delivery failed for good: kept in the failed set' : 'delivery failed: will retry',
      );
      return { kind: 'fail', reason: outcome.reason, final };
    }
    case 'throttled':
      logger.warn({ ...fields, waitMs: outcome.waitMs, reason: outcome.reason }, 'destination throttled us');
      await (context.hold ?? ((ms) => queue.rateLimit(ms)))(throttleWait(outcome.waitMs));
      return { kind: 'wait' };
    case 'auth':
      logger.error({ ...fields, status: outcome.status, reason: outcome.reason }, 'destination refused us (credentials, scopes, or an endpoint gone): its delivery is paused until a worker restarts');
      await queue.pause();
      return { kind: 'wait' };
  }
}

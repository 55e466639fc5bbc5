import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface WorkerMetrics {
  registry: Registry;
  /** Delivery attempts by destination and outcome (ok, retry, throttled, auth, rejected). */
  deliveries: Counter<'destination' | 'outcome'>;
  /** Delivery jobs that ended in the failed set, by destination. */
  deadLettered: Counter<'destination'>;
  /** Events enriched and fanned out, or failed, by outcome. */
  events: Counter<'outcome'>;
  /** Alerts raised, by type; a job that runs again counts its alert again only if it completes again. */
  alerts: Counter<'type'>;
  /** From the moment ingest accepted the event to the destination's 2xx. */
  deliveryLatency: Histogram<'destination'>;
}

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

/**
 * A registry of its own (not prom-client's global one), so several workers in one process never clash and a host
 * merges it with its own. Queue depths and dead letters are read from Redis when scraped.
 */
export function createWorkerMetrics(queues: ReadonlyMap<string, Queue>): WorkerMetrics {
  const registry = new Registry();
  const deliveries = new Counter({
    name: 'feedloop_deliveries_total',
    help: 'Delivery attempts by destination and outcome: ok, retry, throttled, auth, rejected.',
    labelNames: ['destination', 'outcome'] as const,
    registers: [registry],
  });
  const deadLettered = new Counter({
    name: 'feedloop_dead_lettered_total',
    help: 'Deliveries that ended in the failed set (rejected, or out of attempts), by destination.',
    labelNames: ['destination'] as const,
    registers: [registry],
  });
  const events = new Counter({
    name: 'feedloop_worker_events_total',
    help: 'Events taken from the events queue by outcome: routed (enriched and fanned out) or failed.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const alerts = new Counter({
    name: 'feedloop_alerts_total',
    help: 'Alerts raised by type: alert.target_missed (once per breach) and alert.detractor.',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const deliveryLatency = new Histogram({
    name: 'feedloop_delivery_latency_seconds',
    help: 'Seconds from the event being accepted by ingest to the destination acknowledging it.',
    labelNames: ['destination'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 3_600, 21_600, 86_400],
    registers: [registry],
  });
  new Gauge({
    name: 'feedloop_queue_jobs',
    help: 'Jobs per queue and state, read from Redis at scrape time; `failed` is the dead-letter set.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      await Promise.all(
        [...queues].map(async ([name, queue]) => {
          const counts = await queue.getJobCounts(...STATES).catch(() => undefined);
          for (const [state, count] of Object.entries(counts ?? {})) this.set({ queue: name, state }, count);
        }),
      );
    },
  });
  new Gauge({
    name: 'feedloop_destination_paused',
    help: '1 while a destination is paused (after it refused our credentials), else 0.',
    labelNames: ['destination'] as const,
    registers: [registry],
    async collect() {
      await Promise.all(
        [...queues].filter(([name]) => name !== 'events').map(async ([name, queue]) => {
          const paused = await queue.isPaused().catch(() => undefined);
          if (paused !== undefined) this.set({ destination: name }, paused ? 1 : 0);
        }),
      );
    },
  });
  return { registry, deliveries, deadLettered, events, alerts, deliveryLatency };
}

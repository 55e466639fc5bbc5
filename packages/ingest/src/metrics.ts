import type { EventQueue } from './event-queue.js';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface IngestMetrics {
  registry: Registry;
  requests: Counter<'route' | 'status' | 'code'>;
  events: Counter<'outcome'>;
  enqueueSeconds: Histogram;
}

/**
 * One registry per app, not prom-client's global one: two intakes in one process (tests, a host app with its own
 * metrics) must not share or clash. Queue depth is read from Redis when scraped.
 */
export function createIngestMetrics(intake: EventQueue): IngestMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'feedloop_ingest_requests_total',
    help: 'Requests by route, HTTP status and Feedloop code (ACCEPTED for a 202).',
    labelNames: ['route', 'status', 'code'] as const,
    registers: [registry],
  });
  const events = new Counter({
    name: 'feedloop_ingest_events_total',
    help: 'Events by outcome: accepted, duplicate, rejected.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const enqueueSeconds = new Histogram({
    name: 'feedloop_ingest_enqueue_seconds',
    help: 'Time to queue the events of one request in Redis, dedupe included.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  new Gauge({
    name: 'feedloop_queue_depth',
    help: 'Jobs in the events queue by state, read from Redis at scrape time.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await intake.queue.getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => undefined);
      for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'feedloop_intake_backlog',
    help: 'Entries (each the events of one or more requests) taken by ingest and not yet moved into the queue by a pump.',
    registers: [registry],
    async collect() {
      const backlog = await intake.backlog().catch(() => undefined);
      if (backlog !== undefined) this.set(backlog);
    },
  });
  return { registry, requests, events, enqueueSeconds };
}

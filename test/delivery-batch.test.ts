import { createServer } from 'node:http';
import type { Destination, Outcome } from '@feedloop/destinations';
import { createLogger, createRedis, deliveryJobId, deliveryQueueName, QUEUE_STREAMS, type DeliveryJob } from '@feedloop/runtime';
import type { EnrichedRecord } from '@feedloop/schema';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryWorker } from '../packages/worker/src/delivery-worker.js';
import { toRecord } from '../packages/worker/src/to-record.js';
import { createWorkerMetrics } from '../packages/worker/src/worker-metrics.js';
import { testConfig } from './helpers/config.js';
import { wireEvent } from './helpers/events.js';
import { deletePrefix, REDIS_URL } from './helpers/redis.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A provider with a batch endpoint that answers 207 with a result per item, as HubSpot's and Salesforce's do:
 * value 1 is refused (400), value 2 fails once (500) and then goes through, everything else is created.
 */
async function startBatchProvider(status = () => 207) {
  const batches: string[][] = [];
  const failedOnce = new Set<string>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const records = JSON.parse(body) as EnrichedRecord[];
      batches.push(records.map((r) => r.id));
      const results = records.map((r) => {
        if (r.value === 1) return { id: r.id, status: 400, message: 'INVALID_EMAIL' };
        if (r.value === 2 && !failedOnce.has(r.id)) {
          failedOnce.add(r.id);
          return { id: r.id, status: 500, message: 'try again' };
        }
        return { id: r.id, status: 201 };
      });
      const code = status();
      res.writeHead(code, { 'content-type': 'application/json', ...(code === 429 ? { 'retry-after': '1' } : {}) }).end(JSON.stringify({ results }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/batch`;
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url, batches };
}

/** The adapter side of that provider: one request per batch, one outcome per record. */
function batchDestination(url: string, maxBatch: number): Destination {
  const toOutcome = (result: { status: number; message?: string }): Outcome =>
    result.status < 300 ? { kind: 'ok', status: result.status } : result.status >= 500 ? { kind: 'retry', reason: result.message ?? '' } : { kind: 'rejected', reason: result.message ?? '' };
  async function sendBatch(records: readonly EnrichedRecord[]): Promise<Outcome[]> {
    const response = await fetch(url, { method: 'POST', body: JSON.stringify(records) });
    if (response.status === 429) return records.map(() => ({ kind: 'throttled', waitMs: 1_000, reason: 'HTTP 429' }));
    const { results } = (await response.json()) as { results: { status: number; message?: string }[] };
    return results.map(toOutcome);
  }
  return { id: 'crm', type: 'test-batch', maxBatch, sendBatch, send: async (record) => (await sendBatch([record]))[0]! };
}

async function batchPipeline(maxBatch: number, providerStatus?: () => number, wrap: (d: Destination) => Destination = (d) => d) {
  const provider = await startBatchProvider(providerStatus);
  const { config } = testConfig({ webhookUrl: 'http://127.0.0.1:9/unused', retry: { attempts: 3, backoffMs: 50 } });
  const destinationConfig = { ...config.destinations[0]!, id: 'crm', concurrency: 2 };
  const prefix = config.redis.prefix;
  const connection = createRedis(REDIS_URL, 'worker');
  const queue = new Queue<DeliveryJob>(deliveryQueueName('crm'), { connection, prefix, streams: QUEUE_STREAMS });
  const metrics = createWorkerMetrics(new Map([['crm', queue]]));
  cleanups.push(() => deletePrefix(prefix), async () => {
    await queue.close();
    connection.disconnect();
  });
  const enqueue = (values: number[]) =>
    queue.addBulk(
      values.map((value) => {
        const record = toRecord({ site: 'shop', event: wireEvent({ value }), receivedAt: new Date().toISOString(), timestamp: new Date().toISOString() });
        return { name: 'deliver', data: { destinationId: 'crm', record }, opts: { jobId: deliveryJobId(record.id, 'crm'), attempts: 3, backoff: { type: 'jitter', delay: 50 } } };
      }),
    );
  const start = () => {
    const worker = createDeliveryWorker(destinationConfig, { queue, connection, prefix, logger: createLogger({ level: 'silent' }), metrics, destination: wrap(batchDestination(provider.url, maxBatch)) });
    cleanups.push(() => worker.close());
    return worker;
  };
  const settled = async (count: number) => {
    const until = Date.now() + 15_000;
    for (;;) {
      const counts = await queue.getJobCounts('completed', 'failed');
      if ((counts.completed ?? 0) + (counts.failed ?? 0) >= count) return counts;
      if (Date.now() > until) throw new Error(`not settled: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { provider, queue, enqueue, start, settled, metrics };
}

describe('a destination that takes batches', () => {
  it('gets waiting deliveries together, and each job is settled by its own result', async () => {
    const { provider, queue, enqueue, start, settled, metrics } = await batchPipeline(10);
    const jobs = await enqueue([5, 4, 1, 2, ...Array.from({ length: 26 }, () => 5)]);
    start();
    expect(await settled(jobs.length)).toMatchObject({ completed: 29, failed: 1 });

    // 30 deliveries and one retry took far fewer requests than 31, and no batch was larger than allowed.
    expect(provider.batches.length).toBeLessThanOrEqual(12);
    expect(Math.max(...provider.batches.map((b) => b.length))).toBeLessThanOrEqual(10);
    expect(provider.batches.some((b) => b.length > 1)).toBe(true);

    const [refused] = await queue.getFailed();
    expect(refused && 'record' in refused.data ? refused.data.record.value : undefined).toBe(1);
    expect(refused?.failedReason).toBe('INVALID_EMAIL');
    expect(refused?.attemptsMade).toBe(1);
    const flaky = (await queue.getCompleted()).find((job) => 'record' in job.data && job.data.record.value === 2);
    expect(flaky?.attemptsMade).toBe(2);

    // Every record reached the provider, and only the flaky one twice.
    const sent = provider.batches.flat();
    expect(new Set(sent).size).toBe(30);
    expect(sent.length).toBe(31);
    const counted = await metrics.deliveries.get();
    const byOutcome = Object.fromEntries(counted.values.map((v) => [v.labels.outcome, v.value]));
    expect(byOutcome).toEqual({ ok: 29, retry: 1, rejected: 1 });
  });

  it('puts a whole batch back without spending attempts when the provider throttles it', async () => {
    let calls = 0;
    const { provider, queue, enqueue, start, settled } = await batchPipeline(10, () => (++calls === 1 ? 429 : 207));
    await enqueue(Array.from({ length: 8 }, () => 5));
    start();
    await settled(8);
    const completed = await queue.getCompleted();
    expect(completed).toHaveLength(8);
    for (const job of completed) expect(job.attemptsMade).toBe(1);
    expect(provider.batches.length).toBeGreaterThanOrEqual(2);
  });

  it('retries every job of a batch whose adapter throws, instead of leaving them locked', async () => {
    let throws = 1;
    const flaky = (destination: Destination): Destination => ({
      ...destination,
      sendBatch: (records) => (throws-- > 0 ? Promise.reject(new Error('socket hang up')) : destination.sendBatch!(records)),
    });
    const { queue, enqueue, start, settled } = await batchPipeline(10, undefined, flaky);
    await enqueue(Array.from({ length: 6 }, () => 5));
    // Taken together only once several are waiting: the first batch is the one that throws.
    const began = Date.now();
    start();
    expect(await settled(6)).toMatchObject({ completed: 6, failed: 0 });
    // Back off and retried (50 ms), not left locked until the stalled check finds them (10 to 15 s).
    expect(Date.now() - began).toBeLessThan(5_000);
    const attempts = (await queue.getCompleted()).map((job) => job.attemptsMade);
    expect(attempts.filter((n) => n === 2).length).toBeGreaterThanOrEqual(1);
  });

  it('retries a single delivery whose adapter throws, like any failure without an answer', async () => {
    let throws = 1;
    const throwing = (destination: Destination): Destination => ({
      id: destination.id,
      type: destination.type,
      send: (record) => (throws-- > 0 ? Promise.reject(new TypeError('errors is not iterable')) : destination.send(record)),
    });
    const { queue, enqueue, start, settled, metrics } = await batchPipeline(1, undefined, throwing);
    await enqueue([5]);
    start();
    expect(await settled(1)).toMatchObject({ completed: 1, failed: 0 });
    const [job] = await queue.getCompleted();
    expect(job?.attemptsMade).toBe(2);
    expect(job?.failedReason).toBe('the test-batch adapter failed: errors is not iterable');
    // Counted as a retry like any other, so dashboards see a misbehaving adapter.
    const counted = Object.fromEntries((await metrics.deliveries.get()).values.map((v) => [v.labels.outcome, v.value]));
    expect(counted).toEqual({ retry: 1, ok: 1 });
  });
});


import { buildApp } from '@feedloop/ingest';
import { createLogger, createRedis, deliveryQueueName, EVENTS_QUEUE, type Config } from '@feedloop/runtime';
import { startWorker, type RunningWorker } from '@feedloop/worker';
import { Queue, type Job } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createFanOut } from '../packages/worker/src/fan-out.js';
import { toRecord } from '../packages/worker/src/to-record.js';
import { completedJob } from './helpers/completed-job.js';
import { ORIGIN, PUBLIC_KEY, testConfig } from './helpers/config.js';
import { wireEvent } from './helpers/events.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';
import { deletePrefix, REDIS_URL } from './helpers/redis.js';

const logger = createLogger({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pipeline(answer?: (n: number) => number, retry?: { attempts: number; backoffMs: number }) {
  const placeholder = testConfig();
  const receiver: Receiver = await startReceiver(placeholder.secret, answer);
  const { config } = testConfig({ webhookUrl: receiver.url, secret: placeholder.secret, ...(retry ? { retry } : {}) });
  const app: FastifyInstance = await buildApp(config);
  const worker: RunningWorker = await startWorker(config, { logger });
  cleanups.push(
    () => deletePrefix(config.redis.prefix),
    () => receiver.close(),
    () => app.close(),
    () => worker.close(),
  );
  const post = (body: unknown) =>
    app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'text/plain', 'x-feedloop-key': PUBLIC_KEY, origin: ORIGIN }, payload: JSON.stringify(body) });
  return { config, receiver, post };
}

function queue(config: Readonly<Config>, name: string): Queue {
  const connection = createRedis(REDIS_URL, 'worker');
  const q = new Queue(name, { connection, prefix: config.redis.prefix });
  cleanups.push(async () => {
    await q.close();
    connection.disconnect();
  });
  return q;
}

/** The enrich-and-route processor on its own, with one webhook destination that is never called. */
function fanOutAlone() {
  const { config } = testConfig({ webhookUrl: 'http://127.0.0.1:9/hook' });
  const connection = createRedis(REDIS_URL, 'worker');
  const fanOut = createFanOut(config, connection, { enrich: toRecord, onError: () => {} });
  cleanups.push(
    () => deletePrefix(config.redis.prefix),
    async () => {
      await fanOut.close();
      connection.disconnect();
    },
  );
  return { config, fanOut };
}

describe('a rating travels from POST to a verified webhook', () => {
  it('is queued once when POSTed twice, enriched, and delivered once with a signature that verifies', async () => {
    const { config, receiver, post } = await pipeline();
    const event = wireEvent({ touchpoint: 'support.chat', metric: 'nps', value: 6, comment: 'Took three tries' });
    const first = await post({ batch: [event], sentAt: new Date().toISOString() });
    const second = await post({ batch: [event], sentAt: new Date().toISOString() });
    expect(first.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(second.json()).toMatchObject({ accepted: 0, duplicates: 1 });

    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.verified).toMatchObject({
      ok: true,
      id: event.id,
      event: {
        type: 'feedback.created',
        data: { id: event.id, site: 'shop', touchpoint: 'support.chat', metric: 'nps', value: 6, bucket: 'detractor', score: 0.6, comment: 'Took three tries' },
      },
    });
    // Give a second delivery every chance to show up; there must be none.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.deliveries).toHaveLength(1);
    const events = queue(config, EVENTS_QUEUE);
    expect(await events.getJobCounts('completed', 'waiting', 'failed')).toEqual({ completed: 1, waiting: 0, failed: 0 });
  });

  it('is queued and delivered once when the same event is POSTed twice at the same moment', async () => {
    const { config, receiver, post } = await pipeline();
    const event = wireEvent();
    const answers = await Promise.all([post(event), post(event), post({ batch: [event, event] })]);
    expect(answers.every((a) => a.statusCode === 202)).toBe(true);
    await receiver.waitFor(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.deliveries).toHaveLength(1);
    const events = queue(config, EVENTS_QUEUE);
    expect(await events.getJobCounts('completed', 'waiting', 'active', 'delayed')).toEqual({ completed: 1, waiting: 0, active: 0, delayed: 0 });
  });

  it('retries a failing receiver with growing, jittered waits until it answers 2xx', async () => {
    const { config, receiver, post } = await pipeline((n) => (n <= 3 ? 503 : 204), { attempts: 5, backoffMs: 200 });
    const event = wireEvent();
    await post(event);
    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.verified.ok).toBe(true);
    const deliveries = queue(config, deliveryQueueName('hook'));
    const job = await completedJob(deliveries, `${event.id}.hook`);
    expect(job.attemptsMade).toBe(4);
    // Attempt n waits between half and all of 200 ms · 2^(n−1).
    const gaps = receiver.requests.slice(1).map((r, i) => r.at - receiver.requests[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    expect(gaps[2]).toBeGreaterThanOrEqual(400);
  });

  it('waits out a 429 in every worker of the destination, without spending an attempt', async () => {
    const { config, receiver, post } = await pipeline((n) => (n === 1 ? 429 : 204));
    // A second worker process's worth of workers on the same queues: it must wait too.
    const otherWorker = await startWorker(config, { logger });
    cleanups.push(() => otherWorker.close());
    const deliveries = queue(config, deliveryQueueName('hook'));
    const [first, second] = [wireEvent(), wireEvent()];
    await post(first);
    // The second event comes once the 429 has set the destination's wait, whenever that is on a busy machine.
    await expect.poll(() => receiver.requests.length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => deliveries.getRateLimitTtl(), { timeout: 10_000 }).toBeGreaterThan(0);
    await post(second);
    await receiver.waitFor(2, 20_000);
    const [throttled, ...rest] = receiver.requests;
    expect(throttled!.status).toBe(429);
    // The receiver said Retry-After: 1; nothing reaches it again before that, not even the other event.
    for (const later of rest) expect(later.at - throttled!.at).toBeGreaterThanOrEqual(900);
    const job = await completedJob(deliveries, `${throttled!.id}.hook`);
    // BullMQ counts finished attempts, the success included: 1 means the 429 cost none.
    expect(job.attemptsMade).toBe(1);
  });

  it('pauses a destination that refuses our credentials, and resumes it when a worker restarts', async () => {
    const { config, receiver, post } = await pipeline((n) => (n === 1 ? 401 : 204));
    const event = wireEvent();
    await post(event);
    const deliveries = queue(config, deliveryQueueName('hook'));
    await expect.poll(() => deliveries.isPaused(), { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(1);
    expect(await deliveries.getJobCounts('failed')).toEqual({ failed: 0 });

    const restarted = await startWorker(config, { logger });
    cleanups.push(() => restarted.close());
    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.verified).toMatchObject({ ok: true, id: event.id });
    expect(await deliveries.isPaused()).toBe(false);
  });

  it('keeps a rejected delivery in the failed set with its reason, without retrying', async () => {
    let calls = 0;
    const { config, post } = await pipeline(() => (++calls, 422), { attempts: 5, backoffMs: 50 });
    const event = wireEvent();
    await post(event);
    const deliveries = queue(config, deliveryQueueName('hook'));
    let failed: Job[] = [];
    for (let i = 0; i < 100 && failed.length === 0; i++) {
      failed = await deliveries.getFailed();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(failed).toHaveLength(1);
    expect(failed[0]!.id).toBe(`${event.id}.hook`);
    expect(failed[0]!.failedReason).toContain('HTTP 422');
    expect(calls).toBe(1);
  });

  it('fans out idempotently: running the enrich job again queues no second delivery', async () => {
    const { config, fanOut } = fanOutAlone();
    const event = wireEvent();
    const job = { data: { site: 'shop', event, receivedAt: new Date().toISOString(), timestamp: event.createdAt } } as Job;
    expect(await fanOut.process(job)).toEqual({ destinations: ['hook'], alerts: [] });
    expect(await fanOut.process(job)).toEqual({ destinations: ['hook'], alerts: [] });
    const deliveries = queue(config, deliveryQueueName('hook'));
    expect(await deliveries.getWaitingCount()).toBe(1);
  });
});

describe('a job whose data breaks its contract', () => {
  it('fails at once with the reason instead of retrying', async () => {
    const { fanOut } = fanOutAlone();
    const job = { queueName: EVENTS_QUEUE, data: { site: 'shop', event: { id: 'not-a-uuid' } } } as unknown as Job;
    await expect(fanOut.process(job)).rejects.toMatchObject({ name: 'UnrecoverableError', message: expect.stringContaining('event.id') });
  });
});

import { buildApp } from '@feedloop/ingest';
import { createLogger, createRedis, deliveryQueueName, EVENTS_QUEUE, intakeKeys, parseConfig, QUEUE_STREAMS } from '@feedloop/runtime';
import { startWorker } from '@feedloop/worker';
import { generateSecret } from '@feedloop/webhooks';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY } from './helpers/config.js';
import { postAsBrowser, wireEvent } from './helpers/events.js';
import { startReceiver } from './helpers/receiver.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './helpers/redis.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('what a run leaves in Redis', () => {
  it('keeps a bounded number of delivered jobs, a trimmed event stream, failed jobs for 14 days and dedupe keys for a day', async () => {
    const secret = generateSecret();
    // The 7th request is refused for good: one failed job to look at.
    const receiver = await startReceiver(secret, (n) => (n === 7 ? 400 : 204));
    const prefix = randomPrefix();
    const config = parseConfig(
      {
        redis: { url: REDIS_URL, prefix },
        worker: { keepCompleted: { ageSeconds: 3_600, count: 25 } },
        sites: [{ id: 'shop', publicKey: PUBLIC_KEY, origins: [ORIGIN] }],
        destinations: [{ id: 'hook', type: 'webhook', url: receiver.url, secret: { env: 'S' }, allowPrivateNetworks: true }],
      },
      { S: secret },
    );
    const app = await buildApp(config);
    const worker = await startWorker(config, { logger: createLogger({ level: 'silent' }) });
    const redis = createRedis(REDIS_URL, 'worker');
    // Every Queue instance writes the stream length into the queue's meta: ours all say QUEUE_STREAMS.
    const deliveries = new Queue(deliveryQueueName('hook'), { connection: redis, prefix, streams: QUEUE_STREAMS });
    cleanups.push(() => receiver.close(), () => deletePrefix(prefix), async () => {
      await deliveries.close();
      redis.disconnect();
    }, () => app.close(), () => worker.close());

    const events = Array.from({ length: 600 }, () => wireEvent());
    for (let i = 0; i < events.length; i += 100) {
      expect((await postAsBrowser(app, { batch: events.slice(i, i + 100), sentAt: new Date().toISOString() })).statusCode).toBe(202);
    }
    await receiver.waitFor(599, 30_000);
    await expect.poll(() => deliveries.getJobCounts('completed', 'failed'), { timeout: 5_000 }).toEqual({ completed: 25, failed: 1 });

    const [failed] = await deliveries.getFailed();
    expect(failed?.opts.removeOnFail).toEqual({ age: 14 * 24 * 3_600 });
    // BullMQ writes several stream entries per job; each queue's stream is trimmed near 1,000 (approximately, by whole nodes).
    for (const queue of [EVENTS_QUEUE, deliveryQueueName('hook')]) {
      const length = await redis.xlen(`${prefix}:${queue}:events`);
      expect(length).toBeGreaterThan(500);
      expect(length).toBeLessThanOrEqual(1_200);
    }
    const ttl = await redis.ttl(`${intakeKeys(prefix).seen}${events[0]!.id}`);
    expect(ttl).toBeGreaterThan(23 * 3_600);
    expect(ttl).toBeLessThanOrEqual(24 * 3_600);
    expect(await redis.xlen(intakeKeys(prefix).stream)).toBe(0);
  }, 60_000);
});

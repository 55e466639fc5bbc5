import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix, randomPrefix, REDIS_URL } from '../../../test/helpers/redis.js';
import { intakeKeys } from './intake.js';
import { IntakePump } from './intake-pump.js';
import { EVENTS_QUEUE, type EventJob } from './queues.js';
import { createRedis } from './redis.js';

const prefix = randomPrefix();
const keys = intakeKeys(prefix);
const redis = new Redis(REDIS_URL);
const queue = new Queue<EventJob>(EVENTS_QUEUE, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix });

afterAll(async () => {
  await queue.close();
  redis.disconnect();
  await deletePrefix(prefix);
});

const job = (): EventJob => {
  const createdAt = new Date().toISOString();
  return { site: 'shop', event: { id: randomUUID(), touchpoint: 'checkout', metric: 'csat', value: 4, createdAt }, receivedAt: createdAt, timestamp: createdAt };
};

function pump(consumer: string, abandonedMs?: number) {
  const connection = createRedis(REDIS_URL, 'worker');
  const running = new IntakePump({ redis: connection, prefix, consumer, ...(abandonedMs ? { abandonedMs } : {}) });
  running.start();
  return async () => {
    await running.close();
    connection.disconnect();
  };
}

describe('IntakePump', () => {
  it('moves each intake entry into the events queue, one job per event with its id, and empties the stream', async () => {
    const first = [job(), job()];
    const second = [job()];
    await redis.xadd(keys.stream, '*', 'jobs', JSON.stringify(first));
    await redis.xadd(keys.stream, '*', 'jobs', JSON.stringify(second));
    const stop = pump('one');
    await expect.poll(() => queue.getWaitingCount(), { timeout: 5_000 }).toBe(3);
    await expect.poll(() => redis.xlen(keys.stream)).toBe(0);
    await stop();
    for (const j of [...first, ...second]) expect((await queue.getJob(j.event.id))?.data).toEqual(j);
  });

  it('sets an unreadable entry aside and still moves the good ones around it', async () => {
    const good = [job()];
    const later = [job()];
    await redis.xadd(keys.stream, '*', 'jobs', JSON.stringify(good));
    await redis.xadd(keys.stream, '*', 'other', 'x');
    await redis.xadd(keys.stream, '*', 'jobs', '{"not":"a list"}');
    await redis.xadd(keys.stream, '*', 'jobs', JSON.stringify(later));
    const stop = pump('careful');
    await expect.poll(() => redis.xlen(keys.stream), { timeout: 5_000 }).toBe(0);
    await stop();
    for (const j of [...good, ...later]) expect(await queue.getJob(j.event.id)).toBeDefined();
    expect(await redis.xlen(keys.dead)).toBe(2);
  });

  it('closes within seconds even when Redis is gone', async () => {
    const connection = createRedis('redis://127.0.0.1:1', 'worker');
    connection.on('error', () => {});
    const stranded = new IntakePump({ redis: connection, prefix, consumer: 'stranded' });
    stranded.start();
    const started = Date.now();
    await stranded.close();
    connection.disconnect();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('takes over an entry a dead pump took but never finished, queueing nothing twice', async () => {
    const orphan = [job()];
    await redis.xadd(keys.stream, '*', 'jobs', JSON.stringify(orphan));
    // A pump that read the entry, queued its job, and died before acknowledging it.
    await redis.xreadgroup('GROUP', keys.group, 'dead', 'COUNT', 10, 'STREAMS', keys.stream, '>');
    await queue.add('event', orphan[0]!, { jobId: orphan[0]!.event.id });
    const stop = pump('heir', 50);
    await expect.poll(() => redis.xlen(keys.stream), { timeout: 5_000 }).toBe(0);
    await stop();
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.filter((j) => j.id === orphan[0]!.event.id)).toHaveLength(1);
  });
});

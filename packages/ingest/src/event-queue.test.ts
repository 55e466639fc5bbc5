import { createRedis, whenReady, type EventJob } from '@feedloop/runtime';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { wireEvent } from '../../../test/helpers/events.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../../../test/helpers/redis.js';
import { EventQueue } from './event-queue.js';

const prefix = randomPrefix();
let redis: Redis;
let queue: EventQueue;

beforeAll(async () => {
  redis = createRedis(REDIS_URL, 'producer');
  await whenReady(redis, 2_000);
  queue = new EventQueue(redis, prefix, () => {});
});

afterAll(async () => {
  await queue.close();
  redis.disconnect();
  await deletePrefix(prefix);
});

const job = (id?: string): EventJob => {
  const event = wireEvent(id ? { id } : {});
  return { site: 'shop', event, receivedAt: event.createdAt, timestamp: event.createdAt };
};

describe('EventQueue', () => {
  it('writes the events of requests that arrive together in one round of Redis calls', async () => {
    const mget = vi.spyOn(redis, 'mget');
    const requests = Array.from({ length: 40 }, () => [job(), job()]);
    const results = await Promise.all(requests.map((jobs) => queue.enqueue(jobs)));
    expect(mget).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.accepted === 2 && r.duplicates.length === 0)).toBe(true);
    expect(await queue.queue.getWaitingCount()).toBe(80);
    mget.mockRestore();
  });

  it('counts one id sent by two requests at once as queued once, and later as a duplicate', async () => {
    const twin = job();
    const [first, second] = await Promise.all([queue.enqueue([twin, job()]), queue.enqueue([{ ...twin }])]);
    expect(first).toEqual({ accepted: 2, duplicates: [] });
    expect(second).toEqual({ accepted: 0, duplicates: [twin.event.id] });
    expect(await queue.enqueue([{ ...twin }])).toEqual({ accepted: 0, duplicates: [twin.event.id] });
  });

  it('fails every waiting request when Redis fails, losing none silently', async () => {
    const addBulk = vi.spyOn(queue.queue, 'addBulk').mockRejectedValueOnce(new Error('connection lost'));
    const outcomes = await Promise.allSettled([queue.enqueue([job()]), queue.enqueue([job()])]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    addBulk.mockRestore();
  });
});

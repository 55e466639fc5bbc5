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
  it('writes the events of requests that arrive together in one script call, as one intake entry', async () => {
    const intake = vi.spyOn(redis as unknown as { feedloopIntake(...args: unknown[]): Promise<number[]> }, 'feedloopIntake');
    const requests = Array.from({ length: 40 }, () => [job(), job()]);
    const results = await Promise.all(requests.map((jobs) => queue.enqueue(jobs)));
    expect(intake).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.accepted === 2 && r.duplicates.length === 0)).toBe(true);
    const entries = await redis.xrange(queue.keys.stream, '-', '+');
    expect(entries).toHaveLength(1);
    const jobs = JSON.parse(entries[0]![1][1]!) as EventJob[];
    expect(jobs.map((j) => j.event.id)).toEqual(requests.flat().map((j) => j.event.id));
    intake.mockRestore();
  });

  it('counts one id sent by two requests at once as queued once, and later as a duplicate', async () => {
    const twin = job();
    const [first, second] = await Promise.all([queue.enqueue([twin, job()]), queue.enqueue([{ ...twin }])]);
    expect(first).toEqual({ accepted: 2, duplicates: [] });
    expect(second).toEqual({ accepted: 0, duplicates: [twin.event.id] });
    expect(await queue.enqueue([{ ...twin }])).toEqual({ accepted: 0, duplicates: [twin.event.id] });
  });

  it('fails every waiting request when Redis fails, losing none silently', async () => {
    const intake = vi.spyOn(redis as unknown as { feedloopIntake(...args: unknown[]): Promise<number[]> }, 'feedloopIntake').mockRejectedValueOnce(new Error('connection lost'));
    const sent = [job(), job()];
    const outcomes = await Promise.allSettled(sent.map((j) => queue.enqueue([j])));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    intake.mockRestore();
    // Nothing was marked seen: the client's resend is taken, not called a duplicate.
    expect(await queue.enqueue([{ ...sent[0]! }])).toEqual({ accepted: 1, duplicates: [] });
  });
});

import { createRedis, intakeKeys, IntakePump } from '@feedloop/runtime';
import { Redis } from 'ioredis';
import type { Job, Queue } from 'bullmq';
import { REDIS_URL } from './redis.js';

/**
 * For tests of ingest alone: the pump a worker runs, moving what ingest took into the `{events}` queue.
 * Returns its stop function.
 */
export function startPump(prefix: string, url = REDIS_URL): () => Promise<void> {
  const redis = createRedis(url, 'worker');
  const pump = new IntakePump({ redis, prefix, consumer: `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}` });
  pump.start();
  return async () => {
    await pump.close();
    redis.disconnect();
  };
}

/** The job of `eventId` once a pump has moved it into `queue`. */
export async function waitForJob<T>(queue: Queue<T>, eventId: string, timeoutMs = 5_000): Promise<Job<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.getJob(eventId);
    if (job) return job;
    if (Date.now() > until) throw new Error(`no job ${eventId} in the queue after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once every entry ingest took under `prefix` has been moved into the queue. */
export async function intakeDrained(prefix: string, url = REDIS_URL, timeoutMs = 5_000): Promise<void> {
  const redis = new Redis(url);
  try {
    const until = Date.now() + timeoutMs;
    while ((await redis.xlen(intakeKeys(prefix).stream)) > 0) {
      if (Date.now() > until) throw new Error(`the intake under ${prefix} was not drained in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    redis.disconnect();
  }
}

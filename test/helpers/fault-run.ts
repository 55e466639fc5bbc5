import { deliveryQueueName, EVENTS_QUEUE, intakeKeys } from '@feedloop/runtime';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { PUBLIC_KEY, SECRET_KEY } from './config.js';
import type { FeedloopProcess } from './feedloop-process.js';

export const HOOK_ID = 'hook';

/** The environment the fault tests' `feedloop` processes read their secrets from. */
export function faultEnv(webhookSecret: string, redisUrl: string): NodeJS.ProcessEnv {
  // REDIS_URL set: a process that finds no Redis fails instead of starting a throwaway one of its own.
  return { FAULT_WEBHOOK_SECRET: webhookSecret, FAULT_SECRET_KEY: SECRET_KEY, REDIS_URL: redisUrl, LOG_LEVEL: 'info' };
}

/** A config file's content for `feedloop ingest|worker`: one site a server posts to, one webhook destination. */
export function faultConfig(options: { redisUrl: string; prefix: string; port: number; webhookUrl: string }) {
  return {
    redis: { url: options.redisUrl, prefix: options.prefix },
    ingest: { host: '127.0.0.1', port: options.port },
    sites: [
      {
        id: 'shop',
        publicKey: PUBLIC_KEY,
        secretKey: { env: 'FAULT_SECRET_KEY' },
        origins: [],
        // Retries during an outage must not run into the limit.
        rateLimit: { perMinute: 100_000 },
      },
    ],
    destinations: [
      {
        id: HOOK_ID,
        type: 'webhook',
        url: options.webhookUrl,
        secret: { env: 'FAULT_WEBHOOK_SECRET' },
        allowPrivateNetworks: true,
        retry: { attempts: 20, backoffMs: 200 },
        timeoutMs: 5_000,
      },
    ],
  };
}

/** SIGTERM, and SIGKILL if it has not exited after `graceMs`; resolves with the exit code (null when killed). */
export async function stopProcess(proc: FeedloopProcess, graceMs = 15_000): Promise<number | null> {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  // A test may have left it frozen (SIGSTOP); a frozen process would sit on SIGTERM.
  child.kill('SIGCONT');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const code = await Promise.race([
    proc.stop(),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (code !== 'timeout') return code;
  child.kill('SIGKILL');
  await proc.stop();
  return null;
}

/** Read-only views of a test's queues and intake, for checks and for the report. */
export function inspector(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const events = new Queue(EVENTS_QUEUE, { connection: redis, prefix });
  const deliveries = new Queue(deliveryQueueName(HOOK_ID), { connection: redis, prefix });
  for (const queue of [events, deliveries]) queue.on('error', () => {});
  const keys = intakeKeys(prefix);
  return {
    events,
    deliveries,
    /** The jobs now active in either queue, as `<queue>/<job id>`. */
    async activeJobs(): Promise<Set<string>> {
      const [e, d] = await Promise.all([events.getActive(0, -1), deliveries.getActive(0, -1)]);
      return new Set([...e.map((job) => `events/${job?.id}`), ...d.map((job) => `deliveries/${job?.id}`)]);
    },
    /** The state of a job named as `activeJobs` names it. */
    async jobState(key: string): Promise<string> {
      const [queue, id] = key.split('/') as ['events' | 'deliveries', string];
      return (queue === 'events' ? events : deliveries).getJobState(id);
    },
    /** Intake entries taken by a pump and not yet finished, by consumer name. */
    async intakePending(): Promise<{ id: string; consumer: string }[]> {
      const exists = await redis.exists(keys.stream);
      if (!exists) return [];
      const rows = (await redis.xpending(keys.stream, keys.group, '-', '+', 1000).catch(() => [])) as [string, string, number, number][];
      return rows.map(([id, consumer]) => ({ id, consumer }));
    },
    async intakeLength(): Promise<number> {
      return redis.xlen(keys.stream);
    },
    async intakeDead(): Promise<number> {
      return redis.xlen(keys.dead);
    },
    async failedCounts(): Promise<{ events: number; deliveries: number }> {
      const [e, d] = await Promise.all([events.getFailedCount(), deliveries.getFailedCount()]);
      return { events: e, deliveries: d };
    },
    async close(): Promise<void> {
      await Promise.all([events.close(), deliveries.close()]).catch(() => {});
      redis.disconnect();
    },
  };
}

export type Inspector = ReturnType<typeof inspector>;

/** Polls `check` every `everyMs` until it is true; throws `message()` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, message: () => string, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `promise`, or a rejection naming `what` after `ms`: for calls that would wait forever on a Redis that is gone. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

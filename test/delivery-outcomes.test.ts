import { createServer, type ServerResponse } from 'node:http';
import { buildApp } from '@feedloop/ingest';
import { createLogger, createRedis, deliveryQueueName, parseConfig, type Config } from '@feedloop/runtime';
import { startWorker } from '@feedloop/worker';
import { generateSecret, verifyWebhook } from '@feedloop/webhooks';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY } from './helpers/config.js';
import { completedJob } from './helpers/completed-job.js';
import { postAsBrowser, wireEvent } from './helpers/events.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './helpers/redis.js';

const logger = createLogger({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Answer = number | 'hang';

/** A webhook receiver whose answer to the n-th request is a status, or silence ('hang'); it counts verified ids. */
async function receiver(secret: string, answer: (n: number, at: number) => Answer) {
  const requests: { at: number; answer: Answer; id: string }[] = [];
  const verifiedIds: string[] = [];
  const hanging: ServerResponse[] = [];
  const started = Date.now();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const reply = answer(requests.length + 1, Date.now() - started);
      requests.push({ at: Date.now(), answer: reply, id: String(req.headers['webhook-id']) });
      if (reply === 'hang') return void hanging.push(res);
      const verified = verifyWebhook(body, req.headers, secret);
      if (reply < 300 && verified.ok) verifiedIds.push(verified.id);
      res.writeHead(reply).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, requests, verifiedIds };
}

interface HookOptions {
  id: string;
  url: string;
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
}

/** Ingest and a worker with the given webhook destinations, all signing with one secret. */
async function pipeline(secret: string, hooks: HookOptions[]) {
  const prefix = randomPrefix();
  const config: Readonly<Config> = parseConfig(
    {
      redis: { url: REDIS_URL, prefix },
      sites: [{ id: 'shop', publicKey: PUBLIC_KEY, origins: [ORIGIN] }],
      destinations: hooks.map((hook) => ({
        id: hook.id,
        type: 'webhook',
        url: hook.url,
        secret: { env: 'HOOK_SECRET' },
        allowPrivateNetworks: true,
        ...(hook.timeoutMs ? { timeoutMs: hook.timeoutMs } : {}),
        retry: { attempts: hook.attempts ?? 5, backoffMs: hook.backoffMs ?? 50 },
      })),
    },
    { HOOK_SECRET: secret },
  );
  const app = await buildApp(config);
  const worker = await startWorker(config, { logger });
  const connection = createRedis(REDIS_URL, 'worker');
  const queues = new Map(hooks.map((hook) => [hook.id, new Queue(deliveryQueueName(hook.id), { connection, prefix })]));
  cleanups.push(
    () => deletePrefix(prefix),
    async () => {
      await Promise.all([...queues.values()].map((q) => q.close()));
      connection.disconnect();
    },
    () => app.close(),
    () => worker.close(),
  );
  return { post: (body: unknown) => postAsBrowser(app, body), queue: (id: string) => queues.get(id)!, worker };
}

describe('delivery outcomes against a receiver', () => {
  it('gives up on a receiver that hangs after the timeout, and retries until it answers', async () => {
    const secret = generateSecret();
    const hook = await receiver(secret, (n) => (n === 1 ? 'hang' : 204));
    const { post, queue } = await pipeline(secret, [{ id: 'slow', url: hook.url, timeoutMs: 300 }]);
    const event = wireEvent();
    await post(event);
    await expect.poll(() => hook.verifiedIds, { timeout: 10_000 }).toEqual([event.id]);
    const [hung, answered] = hook.requests;
    // The hung request was abandoned after the 300 ms timeout and the retry waited its backoff (≥ 25 ms).
    expect(answered!.at - hung!.at).toBeGreaterThanOrEqual(300);
    expect(answered!.at - hung!.at).toBeLessThan(5_000);
    const job = await completedJob(queue('slow'), `${event.id}.slow`);
    expect(job.attemptsMade).toBe(2);
  });

  it('answers 400: the delivery goes to the failed set with the reason, tried once', async () => {
    const secret = generateSecret();
    const hook = await receiver(secret, () => 400);
    const { post, queue } = await pipeline(secret, [{ id: 'strict', url: hook.url }]);
    const event = wireEvent();
    await post(event);
    await expect.poll(() => queue('strict').getFailedCount(), { timeout: 10_000 }).toBe(1);
    const [failed] = await queue('strict').getFailed();
    expect(failed?.failedReason).toBe('HTTP 400');
    expect(hook.requests).toHaveLength(1);
  });

  it('recovers from a storm of 5xx: every rating arrives once the receiver is back, none twice after dedupe', async () => {
    const secret = generateSecret();
    // Down for the first 1.5 s, whatever arrives.
    const hook = await receiver(secret, (_n, at) => (at < 1_500 ? (at % 2 ? 500 : 503) : 204));
    const { post, queue } = await pipeline(secret, [{ id: 'storm', url: hook.url, attempts: 10, backoffMs: 100 }]);
    const events = Array.from({ length: 200 }, () => wireEvent());
    for (let i = 0; i < events.length; i += 50) expect((await post({ batch: events.slice(i, i + 50), sentAt: new Date().toISOString() })).statusCode).toBe(202);
    await expect.poll(() => new Set(hook.verifiedIds).size, { timeout: 30_000, interval: 100 }).toBe(200);
    expect(new Set(hook.verifiedIds)).toEqual(new Set(events.map((e) => e.id)));
    expect(hook.requests.filter((r) => r.answer !== 204).length).toBeGreaterThan(0);
    expect(await queue('storm').getFailedCount()).toBe(0);
  });

  it('pauses only the destination that refuses our credentials; the others keep delivering', async () => {
    const secret = generateSecret();
    const refusing = await receiver(secret, () => 401);
    const healthy = await receiver(secret, () => 204);
    const { post, queue } = await pipeline(secret, [
      { id: 'refusing', url: refusing.url },
      { id: 'healthy', url: healthy.url },
    ]);
    const events = Array.from({ length: 20 }, () => wireEvent());
    await post({ batch: events, sentAt: new Date().toISOString() });
    await expect.poll(() => healthy.verifiedIds.length, { timeout: 10_000 }).toBe(20);
    // The refusing queue settles on its own clock: its jobs in flight go back to waiting once their 401 is read.
    await expect.poll(() => queue('refusing').isPaused(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => queue('refusing').getJobCounts('waiting', 'failed', 'completed'), { timeout: 10_000 }).toEqual({ waiting: 20, failed: 0, completed: 0 });
    expect(await queue('healthy').isPaused()).toBe(false);
    // Only the requests already in flight when the first 401 came back reached it (concurrency 4); nothing was lost.
    expect(refusing.requests.length).toBeLessThanOrEqual(4);
  });
});

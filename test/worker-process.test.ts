import { createServer, type ServerResponse } from 'node:http';
import { buildApp } from '@feedloop/ingest';
import { createRedis, deliveryQueueName, parseConfig } from '@feedloop/runtime';
import { generateSecret } from '@feedloop/webhooks';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY } from './helpers/config.js';
import { postAsBrowser, wireEvent } from './helpers/events.js';
import { runFeedloop } from './helpers/feedloop-process.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './helpers/redis.js';

const ADMIN_SECRET = 'admin-secret-for-tests-0123';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A receiver that answers each request after `delayMs`, or never when `hang(n)` says so. */
async function slowReceiver(delayMs: number, hang: (n: number) => boolean = () => false) {
  const requests: { started: number; answered?: number; id: string }[] = [];
  const open: ServerResponse[] = [];
  const server = createServer((req, res) => {
    req.resume();
    const request: { started: number; answered?: number; id: string } = { started: Date.now(), id: String(req.headers['webhook-id']) };
    requests.push(request);
    if (hang(requests.length)) return void open.push(res);
    setTimeout(() => {
      request.answered = Date.now();
      res.writeHead(204).end();
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const res of open) res.destroy();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, requests };
}

/** A `feedloop worker` process with its HTTP server, and an in-process ingest to post to. */
async function workerProcess(webhookUrl: string, shutdownMs: number) {
  const prefix = randomPrefix();
  const secret = generateSecret();
  const env = { HOOK_SECRET: secret, FEEDLOOP_ADMIN_SECRET: ADMIN_SECRET };
  const raw = {
    redis: { url: REDIS_URL, prefix },
    admin: { secret: { env: 'FEEDLOOP_ADMIN_SECRET' } },
    worker: { port: 0, shutdownMs },
    sites: [{ id: 'shop', publicKey: PUBLIC_KEY, origins: [ORIGIN] }],
    destinations: [{ id: 'hook', type: 'webhook', url: webhookUrl, secret: { env: 'HOOK_SECRET' }, allowPrivateNetworks: true }],
  };
  const config = parseConfig(raw, env);
  const ingest = await buildApp(config);
  const connection = createRedis(REDIS_URL, 'worker');
  const deliveries = new Queue(deliveryQueueName('hook'), { connection, prefix });
  cleanups.push(
    () => deletePrefix(prefix),
    async () => {
      await deliveries.close();
      connection.disconnect();
    },
    () => ingest.close(),
  );
  const start = async () => {
    const worker = await runFeedloop(raw, ['worker'], env);
    cleanups.push(() => worker.stop());
    return worker;
  };
  return { start, post: (body: unknown) => postAsBrowser(ingest, body), deliveries };
}

describe('a worker process', () => {
  it('on SIGTERM lets the delivery in flight finish and exits 0; what arrives meanwhile waits for the next worker', async () => {
    const receiver = await slowReceiver(1_500);
    const { start, post, deliveries } = await workerProcess(receiver.url, 10_000);
    const worker = await start();
    const event = wireEvent();
    await post(event);
    await expect.poll(() => receiver.requests.length, { timeout: 10_000 }).toBe(1);

    const signalled = Date.now();
    const exit = worker.stop();
    const late = wireEvent();
    await post(late);
    expect(await exit).toBe(0);
    // It waited for the answer (1.5 s) rather than dropping the request, and the job finished on its one attempt.
    expect(receiver.requests[0]!.answered).toBeDefined();
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_000);
    const job = await deliveries.getJob(`${event.id}.hook`);
    expect(await job?.getState()).toBe('completed');
    expect(job?.attemptsMade).toBe(1);
    // The event posted during the shutdown was either taken at the last moment and finished, or left queued:
    // the next worker delivers whatever is left, and nothing arrives twice.
    await start();
    await expect.poll(() => receiver.requests.filter((r) => r.answered).map((r) => r.id).sort(), { timeout: 20_000 }).toEqual([event.id, late.id].sort());
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests).toHaveLength(2);
  }, 30_000);

  it('gives up on a delivery that outlasts the shutdown deadline, and the next worker runs it again', async () => {
    const receiver = await slowReceiver(0, (n) => n === 1);
    const { start, post } = await workerProcess(receiver.url, 1_000);
    const first = await start();
    const event = wireEvent();
    await post(event);
    await expect.poll(() => receiver.requests.length, { timeout: 10_000 }).toBe(1);

    const signalled = Date.now();
    const code = await first.stop();
    if (code !== 0) console.log(first.logs.join("\n"));
    expect(code).toBe(0);
    // The delivery hangs for good: a stop that waited for it would never come.
    expect(Date.now() - signalled).toBeLessThan(10_000);

    await start();
    const restarted = Date.now();
    await expect.poll(() => receiver.requests.filter((r) => r.answered).map((r) => r.id), { timeout: 30_000 }).toEqual([event.id]);
    // The abandoned job came back once its lock lapsed: within 15 s of the stop (10 s lock, checked every 5 s), so
    // within 15 s of the new worker being ready (however long it took to start).
    expect(Date.now() - restarted).toBeLessThan(16_000);
  }, 40_000);

  it('serves its metrics, readiness and, with the admin secret only, Bull Board', async () => {
    const receiver = await slowReceiver(0);
    const { start, post } = await workerProcess(receiver.url, 1_000);
    const worker = await start();
    const base = String(worker.ready.workerUrl);
    await post(wireEvent());
    await expect.poll(() => receiver.requests.filter((r) => r.answered).length, { timeout: 10_000 }).toBe(1);

    // The receiver has answered; the worker counts the delivery once it has read that answer.
    const metricsText = async () => (await fetch(`${base}/metrics`)).text();
    await expect.poll(metricsText, { timeout: 10_000 }).toMatch(/feedloop_deliveries_total\{destination="hook",outcome="ok"\} 1/);
    const metrics = await metricsText();
    expect(metrics).toMatch(/feedloop_delivery_latency_seconds_count\{destination="hook"\} 1/);
    expect(metrics).toMatch(/feedloop_queue_jobs\{queue="hook",state="failed"\} 0/);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const anonymous = await fetch(`${base}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: 'Bearer not-the-secret-at-all' } });
    expect(wrong.status).toBe(401);
    const basic = `Basic ${Buffer.from(`ops:${ADMIN_SECRET}`).toString('base64')}`;
    const board = await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: basic } });
    expect(board.status).toBe(200);
    expect(JSON.stringify(await board.json())).toContain('{deliver-hook}');
  });
});

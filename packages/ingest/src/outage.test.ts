import { once } from 'node:events';
import { parseConfig } from '@feedloop/runtime';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../cli/src/local-redis.js';
import { ORIGIN, PUBLIC_KEY } from '../../../test/helpers/config.js';
import { wireEvent } from '../../../test/helpers/events.js';
import { intakeDrained, startPump } from '../../../test/helpers/pump.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../../../test/helpers/redis.js';
import { buildApp } from './build-app.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const configFor = (url: string, prefix = randomPrefix()) => parseConfig({ redis: { url, prefix }, sites: [{ id: 'shop', publicKey: PUBLIC_KEY, origins: [ORIGIN] }] }, {});
const post = (app: FastifyInstance, event = wireEvent()) =>
  app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'text/plain', 'x-feedloop-key': PUBLIC_KEY, origin: ORIGIN }, payload: JSON.stringify(event) });

describe('when Redis is in trouble', () => {
  it('answers 503 fast while its own throwaway Redis is down, and recovers by itself when it is back', async () => {
    let redis = await startRedisServer();
    const port = Number(new URL(redis.url).port);
    const app = await buildApp(configFor(redis.url));
    cleanups.push(() => app.close(), () => redis.stop());
    expect((await post(app)).statusCode).toBe(202);

    await redis.stop();
    const started = Date.now();
    const down = await post(app);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('QUEUE_UNAVAILABLE');
    expect(down.headers['retry-after']).toBe('5');
    expect((await app.inject('/readyz')).statusCode).toBe(503);

    redis = await startRedisServer(port);
    const event = wireEvent();
    await expect.poll(async () => (await post(app, event)).statusCode, { timeout: 10_000, interval: 200 }).toBe(202);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  });

  it('never queues one event twice, whichever of two instances it reaches', async () => {
    const config = configFor(REDIS_URL);
    const [one, two] = [await buildApp(config), await buildApp(config)];
    const stopPump = startPump(config.redis.prefix);
    cleanups.push(() => one.close(), () => two.close(), stopPump, () => deletePrefix(config.redis.prefix));
    const event = wireEvent();
    const answers = await Promise.all([post(one, event), post(two, event), post(one, event)]);
    const summed = answers.map((a) => a.json() as { accepted: number; duplicates: number });
    expect(summed.reduce((n, a) => n + a.accepted, 0) + summed.reduce((n, a) => n + a.duplicates, 0)).toBe(3);
    expect((await post(two, event)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    await intakeDrained(config.redis.prefix);
    const counts = await one.inject('/metrics');
    expect(counts.body).toContain('feedloop_queue_depth{state="waiting"} 1');
  });

  it('on close stops taking connections but finishes the requests it has, losing none it accepted', async () => {
    const config = configFor(REDIS_URL);
    const app = await buildApp(config);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => deletePrefix(config.redis.prefix));
    const sends = Array.from({ length: 30 }, () =>
      fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-feedloop-key': PUBLIC_KEY, origin: ORIGIN }, body: JSON.stringify(wireEvent()) }).then(
        (r) => r.status,
        () => 'refused',
      ),
    );
    await once(app.server, 'request');
    const closing = app.close();
    const statuses = await Promise.all(sends);
    await closing;
    const accepted = statuses.filter((s) => s === 202).length;
    expect(accepted).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 202 || s === 503 || s === 'refused')).toBe(true);
    const checker = await buildApp(config);
    const stopPump = startPump(config.redis.prefix);
    cleanups.push(() => checker.close(), stopPump);
    await intakeDrained(config.redis.prefix);
    expect((await checker.inject('/metrics')).body).toContain(`feedloop_queue_depth{state="waiting"} ${accepted}`);
  });
});

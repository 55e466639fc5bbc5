import { gzipSync } from 'node:zlib';
import { EVENTS_QUEUE } from '@feedloop/runtime';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY, testConfig } from '../../../test/helpers/config.js';
import { wireEvent } from '../../../test/helpers/events.js';
import { startPump, waitForJob } from '../../../test/helpers/pump.js';
import { deletePrefix, REDIS_URL } from '../../../test/helpers/redis.js';
import { buildApp } from './build-app.js';

const { config } = testConfig();
let app: FastifyInstance;
let queue: Queue;
let stopPump: () => Promise<void>;

beforeAll(async () => {
  app = await buildApp(config);
  stopPump = startPump(config.redis.prefix);
  queue = new Queue(EVENTS_QUEUE, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: config.redis.prefix });
});

afterAll(async () => {
  await app.close();
  await stopPump();
  await queue.close();
  await deletePrefix(config.redis.prefix);
});

function post(body: unknown, headers: Record<string, string> = {}, url = '/v1/events') {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', 'x-feedloop-key': PUBLIC_KEY, origin: ORIGIN, ...headers },
    payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}

describe('POST /v1/events', () => {
  it('accepts one event and queues it with the event id as job id', async () => {
    const event = wireEvent({ value: 2, comment: 'slow' });
    const response = await post(event);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [], warnings: [] });
    const job = await waitForJob(queue, event.id);
    expect(job?.data).toMatchObject({ site: 'shop', event: { id: event.id, value: 2, comment: 'slow' } });
    expect(job?.data.receivedAt).toMatch(/^\d{4}-/);
  });

  it('takes text/plain with the key in the query, as a beacon sends it', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/events?key=${PUBLIC_KEY}`,
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN },
      payload: JSON.stringify({ batch: [wireEvent()], sentAt: new Date().toISOString() }),
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 1 });
  });

  it('counts a replayed event as a duplicate and queues it once', async () => {
    const event = wireEvent();
    expect((await post(event)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await post(event)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    await waitForJob(queue, event.id);
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'delayed', 'failed']);
    expect(jobs.filter((job) => job.id === event.id)).toHaveLength(1);
  });

  it('counts the same id twice in one batch as one event and one duplicate', async () => {
    const event = wireEvent();
    const response = await post({ batch: [event, { ...event, value: 1 }] });
    expect(response.json()).toMatchObject({ accepted: 1, duplicates: 1, rejected: [] });
    expect((await waitForJob(queue, event.id)).data.event.value).toBe(event.value);
  });

  it('ignores a sentAt that is not ISO 8601 instead of trusting it for the clock', async () => {
    const event = wireEvent({ createdAt: '2026-11-23T10:00:00.000Z' });
    await post({ batch: [event], sentAt: 'Nov 23 2026' });
    expect((await waitForJob(queue, event.id)).data.timestamp).toBe('2026-11-23T10:00:00.000Z');
  });

  it('accepts a batch event by event, naming what it rejected and why', async () => {
    const good = wireEvent();
    const body = {
      batch: [good, { ...wireEvent(), value: 9 }, { ...wireEvent(), mood: 'sunny' }, 'not an event'],
      sentAt: new Date().toISOString(),
    };
    const response = await post(body);
    expect(response.statusCode).toBe(202);
    const result = response.json();
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([
      expect.objectContaining({ index: 1, code: 'EVENT_INVALID', issues: [{ path: 'value', message: 'csat takes an integer from 1 to 5' }] }),
      expect.objectContaining({ index: 3, code: 'EVENT_INVALID' }),
    ]);
    expect(result.warnings).toEqual([expect.objectContaining({ index: 2, path: 'mood' })]);
  });

  it('answers 400 BODY_INVALID with every reason when nothing is valid', async () => {
    const response = await post({ batch: [{ ...wireEvent(), metric: 'stars' }] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'BODY_INVALID' },
      accepted: 0,
      rejected: [{ index: 0, code: 'EVENT_INVALID', issues: [expect.objectContaining({ path: 'metric' })] }],
    });
  });

  it('rejects an event over 32 KB but keeps the rest of the batch', async () => {
    const big = wireEvent({ answers: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`a${i}`, 'x'.repeat(1000)])), metadata: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`m${i}`, 'y'.repeat(1000)])) });
    const response = await post({ batch: [big, wireEvent()] });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0, code: 'EVENT_TOO_LARGE' }] });
  });

  it('refuses broken JSON with BODY_INVALID', async () => {
    const response = await post('{"id": ');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BODY_INVALID');
  });

  it('refuses other media types with 415', async () => {
    const response = await post(JSON.stringify(wireEvent()), { 'content-type': 'application/xml' });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) } });
  });

  it('refuses more than 100 events or 500 KB with 413', async () => {
    const many = await post({ batch: Array.from({ length: 101 }, () => wireEvent()) });
    expect(many.statusCode).toBe(413);
    expect(many.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const huge = await post({ batch: [wireEvent({ comment: 'x'.repeat(600 * 1024) })] });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('decompresses gzip bodies and applies the limit to the decompressed size', async () => {
    const event = wireEvent();
    const ok = await post(gzipSync(JSON.stringify(event)), { 'content-encoding': 'gzip' });
    expect(ok.statusCode).toBe(202);
    expect(ok.json().accepted).toBe(1);
    // 10 MB of spaces compress to ~10 KB: the limit must stop it after 500 KB of output.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"batch":['), Buffer.alloc(10 * 1024 * 1024, 0x20), Buffer.from(']}')]));
    const refused = await post(bomb, { 'content-encoding': 'gzip' });
    expect(refused.statusCode).toBe(413);
    expect(refused.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    // Under the size limit but built to expand: 400 KB of one repeated event, 1000:1, stops on the ratio.
    const padded = JSON.stringify({ batch: [wireEvent({ comment: 'x'.repeat(1990) })], pad: ' '.repeat(400_000) });
    const ratio = await post(gzipSync(padded, { level: 9 }), { 'content-encoding': 'gzip' });
    expect(ratio.statusCode).toBe(413);
    expect(ratio.json().error.message).toMatch(/expands more than 100 times/);
    // Ordinary JSON, even repetitive, is far below it.
    const batch = Array.from({ length: 100 }, () => wireEvent({ comment: 'The parcel arrived late but support fixed it.' }));
    const ordinary = await post(gzipSync(JSON.stringify({ batch })), { 'content-encoding': 'gzip' });
    expect(ordinary.statusCode).toBe(202);
    const corrupt = await post(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().error.code).toBe('BODY_INVALID');
    const br = await post(JSON.stringify(event), { 'content-encoding': 'br' });
    expect(br.statusCode).toBe(415);
  });

  it('needs a known key', async () => {
    const none = await post(wireEvent(), { 'x-feedloop-key': '' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('KEY_MISSING');
    const unknown = await post(wireEvent(), { 'x-feedloop-key': 'pk_nobody' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('KEY_UNKNOWN');
  });

  it('takes browser requests only from the site’s origins, and says so to CORS', async () => {
    const allowed = await post(wireEvent(), { origin: ORIGIN });
    expect(allowed.statusCode).toBe(202);
    expect(allowed.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(allowed.headers['access-control-expose-headers']).toBe('retry-after');
    const forbidden = await post(wireEvent(), { origin: 'https://evil.example' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('ORIGIN_FORBIDDEN');
    expect(forbidden.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers preflights for allowed origins only, cached for a day', async () => {
    const ok = await app.inject({ method: 'OPTIONS', url: '/v1/events', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-max-age']).toBe('86400');
    expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
    const no = await app.inject({ method: 'OPTIONS', url: '/v1/events', headers: { origin: 'https://evil.example' } });
    expect(no.statusCode).toBe(403);
  });
});

describe('other routes', () => {
  it('GET /healthz and /readyz answer', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
  });

  it('unknown routes answer in the error shape', async () => {
    const response = await app.inject('/nope');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });
});

describe('with Redis unreachable', () => {
  it('answers 503 QUEUE_UNAVAILABLE with Retry-After within a second, and accepts nothing', async () => {
    const { config: down } = testConfig({ redisUrl: 'redis://127.0.0.1:1' });
    const lonely = await buildApp(down);
    try {
      const started = Date.now();
      const response = await lonely.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { 'content-type': 'application/json', 'x-feedloop-key': PUBLIC_KEY, origin: ORIGIN },
        payload: JSON.stringify(wireEvent()),
      });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json().error.code).toBe('QUEUE_UNAVAILABLE');
      expect((await lonely.inject('/readyz')).statusCode).toBe(503);
    } finally {
      await lonely.close();
    }
  });
});

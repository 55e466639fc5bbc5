import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, wireJsonSchema } from '@feedloop/schema';
import { createLogger } from '@feedloop/runtime';
import { ORIGIN, PUBLIC_KEY, SECRET_KEY, testConfig } from '../../../test/helpers/config.js';
import { postAsBrowser, wireEvent } from '../../../test/helpers/events.js';
import { intakeDrained, startPump } from '../../../test/helpers/pump.js';
import { deletePrefix } from '../../../test/helpers/redis.js';
import { buildApp, feedloopIngest } from './build-app.js';

const { config } = testConfig();
let app: FastifyInstance;

let stopPump: () => Promise<void>;

beforeAll(async () => {
  app = await buildApp(config);
  stopPump = startPump(config.redis.prefix);
});

afterAll(async () => {
  await app.close();
  await stopPump();
  await deletePrefix(config.redis.prefix);
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json', 'x-feedloop-key': PUBLIC_KEY, origin: ORIGIN, ...headers }, payload: JSON.stringify(body) });

describe('operating the intake', () => {
  it('counts requests by code and events by outcome in Prometheus format, with enqueue latency and queue depth', async () => {
    const event = wireEvent();
    await post({ batch: [event, wireEvent({ value: 99 })] });
    await post(event);
    await post(wireEvent(), { 'x-feedloop-key': 'pk_nobody_at_all' });
    await intakeDrained(config.redis.prefix);
    const response = await app.inject('/metrics');
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toContain('feedloop_ingest_requests_total{route="/v1/events",status="202",code="ACCEPTED"} 2');
    expect(text).toContain('feedloop_ingest_requests_total{route="/v1/events",status="401",code="KEY_UNKNOWN"} 1');
    expect(text).toContain('feedloop_ingest_events_total{outcome="accepted"} 1');
    expect(text).toContain('feedloop_ingest_events_total{outcome="duplicate"} 1');
    expect(text).toContain('feedloop_ingest_events_total{outcome="rejected"} 1');
    expect(text).toMatch(/feedloop_ingest_enqueue_seconds_count 2/);
    expect(text).toContain('feedloop_queue_depth{state="waiting"} 1');
    expect(text).toContain('feedloop_intake_backlog 0');
  });

  it('gives every answer a request id, keeping the caller’s', async () => {
    expect((await app.inject('/healthz')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await app.inject({ url: '/healthz', headers: { 'x-request-id': 'lb-7f3a' } })).headers['x-request-id']).toBe('lb-7f3a');
  });

  it('serves the widget with a strong ETag, a day of caching and 304 on revalidation', async () => {
    const first = await app.inject('/v1/widget.js');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(first.headers['cache-control']).toBe('public, max-age=86400, stale-while-revalidate=604800');
    expect(first.body).toContain('Feedloop');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect((await app.inject({ url: '/v1/widget.js', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const locale = await app.inject('/widget/locales/fr.json');
    expect(locale.headers['access-control-allow-origin']).toBe('*');
    expect(locale.json().send).toBe('Envoyer');
    expect((await app.inject('/widget/../package.json')).statusCode).toBe(404);
  });

  it("serves the wire event's JSON Schema and an OpenAPI 3.1 document", async () => {
    expect((await app.inject('/v1/schema.json')).json()).toEqual(wireJsonSchema());
    const openapi = (await app.inject('/openapi.json')).json();
    expect(openapi.openapi).toBe('3.1.0');
    expect(openapi.components.schemas.Error.properties.error.properties.code.enum).toEqual(Object.keys(ERROR_CODES));
  });

  it('describes in OpenAPI exactly the routes the intake has', async () => {
    const host = Fastify();
    const routes: string[] = [];
    host.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method.toLowerCase()} ${route.url}`);
    });
    await host.register(feedloopIngest, { config });
    await host.ready();
    const openapi = (await host.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(openapi.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path.replace('{file}', '*')}`));
    expect(documented.sort()).toEqual(routes.sort());
    await host.close();
  });
});

describe('as a plugin in your own Fastify server', () => {
  it('works under a prefix beside your routes, and leaves your error handling and body parsing alone', async () => {
    const host = Fastify();
    host.post('/orders', async (request) => ({ got: request.body }));
    host.get('/boom', async () => {
      throw new Error('host failure');
    });
    await host.register(feedloopIngest, { config, prefix: '/feedback' });
    const rating = await postAsBrowser(host, wireEvent(), '/feedback/v1/events');
    expect(rating.statusCode).toBe(202);
    expect((await host.inject({ method: 'POST', url: '/orders', payload: { id: 7 } })).json()).toEqual({ got: { id: 7 } });
    // The host's own errors keep Fastify's shape, not ours.
    const boom = await host.inject('/boom');
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toMatchObject({ message: 'host failure' });
    expect((await host.inject('/feedback/healthz')).json()).toEqual({ status: 'ok' });
    await host.close();
  });
});

describe('logs', () => {
  it('carry the request id, and no key, secret, e-mail or IP', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const { config: secretive } = testConfig();
    const logged = await buildApp(secretive, { logger });
    try {
      const event = wireEvent({ user: { email: 'ana@example.com' } });
      const headers = { 'content-type': 'text/plain', 'x-request-id': 'trace-42', 'x-forwarded-for': '198.51.100.77', authorization: `Bearer ${SECRET_KEY}` };
      await logged.inject({ method: 'POST', url: `/v1/events?key=${PUBLIC_KEY}`, remoteAddress: '203.0.113.9', headers, payload: JSON.stringify(event) });
      await logged.inject({ method: 'POST', url: `/v1/events?key=pk_unknown_zzz`, remoteAddress: '203.0.113.9', headers, payload: JSON.stringify(event) });
    } finally {
      await logged.close();
      await deletePrefix(secretive.redis.prefix);
    }
    const requests = lines.filter((line) => line.reqId === 'trace-42');
    expect(requests.map((line) => [line.msg, line.status, line.code])).toEqual([
      ['request', 202, 'ACCEPTED'],
      ['request refused', 401, 'KEY_UNKNOWN'],
    ]);
    const text = JSON.stringify(lines);
    for (const secret of [PUBLIC_KEY, 'pk_unknown_zzz', SECRET_KEY, 'ana@example.com', '198.51.100.77', '203.0.113.9']) expect(text).not.toContain(secret);
  });
});

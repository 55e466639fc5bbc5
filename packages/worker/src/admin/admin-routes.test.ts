import { createLogger, deliveryQueueName, EVENTS_QUEUE } from '@feedloop/runtime';
import { Queue } from 'bullmq';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, randomPrefix, REDIS_URL } from '../../../../test/helpers/redis.js';
import { ADMIN_AUTH_CHALLENGE, registerAdmin } from './admin-routes.js';

const SECRET = 'correct-horse-battery-staple';
const prefix = randomPrefix();
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const queues = [new Queue(EVENTS_QUEUE, { connection, prefix }), new Queue(deliveryQueueName('crm'), { connection, prefix })];
let app: FastifyInstance;

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

beforeAll(async () => {
  app = Fastify();
  app.get('/healthz', async () => ({ ok: true }));
  await registerAdmin(app, { queues, secret: SECRET });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await Promise.all(queues.map((queue) => queue.close()));
  connection.disconnect();
  await deletePrefix(prefix);
});

function expectUnauthorised(response: Awaited<ReturnType<FastifyInstance['inject']>>) {
  expect(response.statusCode).toBe(401);
  expect(response.headers['www-authenticate']).toBe(ADMIN_AUTH_CHALLENGE);
  expect(response.headers['www-authenticate']).toBe('Basic realm="Feedloop admin", charset="UTF-8"');
  expect(response.json()).toEqual({ error: { code: 'ADMIN_UNAUTHORIZED', message: expect.any(String) } });
}

describe('registerAdmin', () => {
  it('answers 401 with a Basic challenge and the error shape when no secret is sent', async () => {
    expectUnauthorised(await app.inject({ url: '/admin/queues' }));
    expectUnauthorised(await app.inject({ url: '/admin/queues/' }));
    expectUnauthorised(await app.inject({ url: '/admin/queues/api/queues' }));
    expectUnauthorised(await app.inject({ method: 'PUT', url: '/admin/queues/api/queues/pause' }));
  });

  it('answers 401 to a wrong secret, Basic or Bearer, and to other schemes', async () => {
    expectUnauthorised(await app.inject({ url: '/admin/queues', headers: { authorization: basic('admin', 'not-the-secret-at-all') } }));
    expectUnauthorised(await app.inject({ url: '/admin/queues', headers: { authorization: basic('admin', `${SECRET}x`) } }));
    expectUnauthorised(await app.inject({ url: '/admin/queues', headers: { authorization: basic(SECRET, '') } }));
    expectUnauthorised(await app.inject({ url: '/admin/queues', headers: { authorization: `Bearer ${SECRET.slice(0, -1)}` } }));
    expectUnauthorised(await app.inject({ url: '/admin/queues', headers: { authorization: `Digest ${SECRET}` } }));
    expectUnauthorised(await app.inject({ url: '/admin/queues', headers: { authorization: 'Basic not-base64-without-colon' } }));
  });

  it('serves the board page to HTTP Basic with any user name and the secret as password', async () => {
    for (const user of ['admin', 'someone else', '']) {
      const response = await app.inject({ url: '/admin/queues', headers: { authorization: basic(user, SECRET) } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('<base href="/admin/queues/"');
      expect(response.body).toContain('<title>Feedloop queues</title>');
    }
  });

  it('answers the board API with the queue names, to Basic and to Bearer', async () => {
    for (const authorization of [basic('ops', SECRET), `Bearer ${SECRET}`, `bearer ${SECRET}`]) {
      const response = await app.inject({ url: '/admin/queues/api/queues', headers: { authorization } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const names = (response.json() as { queues: { name: string }[] }).queues.map((queue) => queue.name);
      expect(names.sort()).toEqual([EVENTS_QUEUE, deliveryQueueName('crm')].sort());
    }
  });

  it('guards the static assets too', async () => {
    const page = await app.inject({ url: '/admin/queues', headers: { authorization: `Bearer ${SECRET}` } });
    const asset = /src="(static\/js\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(asset).toBeDefined();
    expectUnauthorised(await app.inject({ url: `/admin/queues/${asset}` }));
    expectUnauthorised(await app.inject({ url: '/admin/queues/static/images/logo.svg' }));
    const served = await app.inject({ url: `/admin/queues/${asset}`, headers: { authorization: `Bearer ${SECRET}` } });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toMatch(/javascript/);
  });

  it('guards unknown paths below the base path, and leaves the rest of the app alone', async () => {
    expectUnauthorised(await app.inject({ url: '/admin/queues/no/such/page' }));
    const missing = await app.inject({ url: '/admin/queues/static/nope.js', headers: { authorization: `Bearer ${SECRET}` } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    const health = await app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ ok: true });
  });

  it('allows the board’s actions to the admin', async () => {
    const crm = queues[1]!;
    await crm.add('deliver', { n: 1 }, { jobId: 'job-1' });
    const response = await app.inject({
      method: 'PUT',
      url: `/admin/queues/api/queues/${encodeURIComponent(crm.name)}/pause`,
      headers: { authorization: `Bearer ${SECRET}` },
    });
    expect(response.statusCode).toBe(200);
    expect(await crm.isPaused()).toBe(true);
  });

  it.each(['cross-site', 'same-site'])("refuses an action another page (%s) makes with the admin's remembered credentials", async (site) => {
    const crm = queues[1]!;
    const response = await app.inject({
      method: 'PUT',
      url: `/admin/queues/api/queues/${encodeURIComponent(crm.name)}/resume`,
      headers: { authorization: `Bearer ${SECRET}`, 'sec-fetch-site': site },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('ORIGIN_FORBIDDEN');
    expect(await crm.isPaused()).toBe(true);
  });

  it("takes an action from the board's own page (same-origin)", async () => {
    const crm = queues[1]!;
    const resume = (site: string) =>
      app.inject({ method: 'PUT', url: `/admin/queues/api/queues/${encodeURIComponent(crm.name)}/resume`, headers: { authorization: `Bearer ${SECRET}`, 'sec-fetch-site': site } });
    expect((await resume('same-origin')).statusCode).toBe(200);
    expect(await crm.isPaused()).toBe(false);
  });

  it('refuses, from a browser that sends no Sec-Fetch-Site, an action whose Origin is another host', async () => {
    const crm = queues[1]!;
    await crm.pause();
    const resume = (origin: string) =>
      app.inject({ method: 'PUT', url: `/admin/queues/api/queues/${encodeURIComponent(crm.name)}/resume`, headers: { authorization: `Bearer ${SECRET}`, host: 'ops.example', origin } });
    const refused = await resume('https://evil.example');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toEqual({ code: 'ORIGIN_FORBIDDEN', message: expect.stringContaining('https://evil.example') });
    expect(await crm.isPaused()).toBe(true);
    expect((await resume('https://ops.example')).statusCode).toBe(200);
    expect(await crm.isPaused()).toBe(false);
  });

  it('grants no CORS preflight, so another page cannot send the board a PUT, PATCH, DELETE or JSON POST', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: `/admin/queues/api/queues/${encodeURIComponent(queues[1]!.name)}/pause`,
        headers: { origin: 'https://evil.example', 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.statusCode, method).toBe(401);
      expect(Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-')), method).toEqual([]);
    }
  });

  it('adds a job only when posted as JSON, as its pages do: a form from anywhere needs no preflight and is refused', async () => {
    const crm = queues[1]!;
    const add = (contentType: string, payload: string) =>
      app.inject({ method: 'POST', url: `/admin/queues/api/queues/${encodeURIComponent(crm.name)}/add`, headers: { authorization: `Bearer ${SECRET}`, 'content-type': contentType }, payload });
    const before = await crm.count();
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'name=forged&data=%7B%7D'],
      ['text/plain', '{"name":"forged","data":{}}'],
      ['multipart/form-data; boundary=x', '--x\r\ncontent-disposition: form-data; name="name"\r\n\r\nforged\r\n--x--\r\n'],
    ] as const) {
      const refused = await add(type, body);
      expect(refused.statusCode, type).toBe(403);
      expect(refused.json().error.code, type).toBe('ORIGIN_FORBIDDEN');
    }
    expect(await crm.count()).toBe(before);
    const added = await add('application/json', JSON.stringify({ name: 'replayed-by-hand', data: { n: 2 } }));
    expect(added.statusCode).toBe(200);
    expect(await crm.count()).toBe(before + 1);
  });

  it('mounts under another base path, and refuses a short secret or a bad path', async () => {
    const other = Fastify({ loggerInstance: createLogger({ level: 'silent' }) });
    await registerAdmin(other, { queues, secret: SECRET, basePath: '/ops/bull/' });
    try {
      expectUnauthorised(await other.inject({ url: '/ops/bull' }));
      const page = await other.inject({ url: '/ops/bull', headers: { authorization: basic('x', SECRET) } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<base href="/ops/bull/"');
    } finally {
      await other.close();
    }
    await expect(registerAdmin(Fastify(), { queues, secret: 'too-short' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(registerAdmin(Fastify(), { queues, secret: SECRET, basePath: '/' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(registerAdmin(Fastify(), { queues, secret: SECRET, basePath: 'admin' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});

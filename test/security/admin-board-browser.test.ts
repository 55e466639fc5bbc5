import { deliveryQueueName, EVENTS_QUEUE } from '@feedloop/runtime';
import { registerAdmin } from '@feedloop/worker';
import { Queue } from 'bullmq';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { startPageServer, type PageServer } from '../helpers/page-server.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../helpers/redis.js';

// SECURITY.md, "Admin pages": in real Chromium, with the operator's Basic credentials remembered, the board's own UI
// can still act (so the refusals below do not break it), and a page of another origin cannot, whatever it tries.

const SECRET = 'correct-horse-battery-staple';
const prefix = randomPrefix();
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const crm = new Queue(deliveryQueueName('crm'), { connection, prefix });
const queues = [new Queue(EVENTS_QUEUE, { connection, prefix }), crm];
/** Every request the board's server answered: what another page's attempts came to. */
const answered: { method: string; url: string; status: number; site: string | undefined }[] = [];

let app: FastifyInstance;
let board: string;
let pages: PageServer;
let browser: Browser;
let operator: BrowserContext;

beforeAll(async () => {
  app = Fastify();
  app.addHook('onResponse', async (request, reply) => {
    answered.push({ method: request.method, url: request.url, status: reply.statusCode, site: request.headers['sec-fetch-site'] as string | undefined });
  });
  await registerAdmin(app, { queues, secret: SECRET });
  board = `${await app.listen({ host: '127.0.0.1', port: 0 })}/admin/queues`;
  pages = await startPageServer();
  browser = await launchChromium();
  // The browser answers the board's Basic challenge by itself, as one with remembered credentials does.
  operator = await browser.newContext({ httpCredentials: { username: 'ops', password: SECRET } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await app?.close();
  await Promise.all(queues.map((queue) => queue.close()));
  connection.disconnect();
  await deletePrefix(prefix);
});

const jobNames = async () => (await crm.getJobs()).map((job) => job.name);

describe('the admin board in Chromium', () => {
  it("lets the operator pause a queue and add a job through the board's own UI", async () => {
    const page = await operator.newPage();
    await page.goto(`${board}/queue/${encodeURIComponent(crm.name)}`);
    const queueMenu = page.locator('header ~ * button, main button').last();

    await queueMenu.click();
    await page.getByRole('menuitem', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await vi.waitFor(async () => expect(await crm.isPaused()).toBe(true), { timeout: 10_000, interval: 50 });

    await queueMenu.click();
    await page.getByRole('menuitem', { name: 'Add job' }).click();
    await page.locator('#job-name').fill('added-by-the-operator');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await vi.waitFor(async () => expect(await jobNames()).toContain('added-by-the-operator'), { timeout: 10_000, interval: 50 });

    // Recorded once each answer is sent, a moment after its effect shows in Redis.
    const actions = () => answered.filter((a) => a.method !== 'GET').map((a) => [a.method, a.status, a.site]);
    await vi.waitFor(() => expect(actions()).toEqual([
      ['PUT', 200, 'same-origin'],
      ['POST', 200, 'same-origin'],
    ]), { timeout: 10_000, interval: 50 });
    await page.close();
  }, 60_000);

  it("refuses every action a page of another origin tries with the operator's remembered credentials", async () => {
    expect(await crm.isPaused()).toBe(true);
    const before = await jobNames();
    const resumeUrl = `${board}/api/queues/${encodeURIComponent(crm.name)}/resume`;
    const addUrl = `${board}/api/queues/${encodeURIComponent(crm.name)}/add`;
    const forged = JSON.stringify({ name: 'forged', data: {} });
    // A form in text/plain: its body reads as JSON, and it needs no preflight.
    const attack = pages.page(
      '/attack.html',
      `<!doctype html><iframe name="sink"></iframe>
      <form id="f" method="post" enctype="text/plain" target="sink" action="${addUrl}">
        <input name='{"name":"forged","data":{},"x":"' value='"}'>
      </form>
      <script>
        window.results = {};
        document.getElementById('f').submit();
        const attempt = (name, run) => run().then((r) => (results[name] = 'sent: ' + r.type + ' ' + r.status), (e) => (results[name] = 'blocked: ' + e.name));
        attempt('put', () => fetch(${JSON.stringify(resumeUrl)}, { method: 'PUT', credentials: 'include' }));
        attempt('json', () => fetch(${JSON.stringify(addUrl)}, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(forged)} }));
        attempt('noCors', () => fetch(${JSON.stringify(addUrl)}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: ${JSON.stringify(forged)} }));
        results.beacon = navigator.sendBeacon(${JSON.stringify(addUrl)}, new Blob([${JSON.stringify(forged)}], { type: 'text/plain' }));
      </script>`,
    );
    const page = await operator.newPage();
    await page.goto(attack);
    await page.waitForFunction(() => ['put', 'json', 'noCors'].every((name) => name in (window as unknown as { results: object }).results));
    const results = await page.evaluate(() => (window as unknown as { results: Record<string, unknown> }).results);
    // The PUT and the JSON POST need a preflight the board does not grant, so the browser never sends them.
    expect(results).toMatchObject({ put: 'blocked: TypeError', json: 'blocked: TypeError', noCors: 'sent: opaque 0', beacon: true });

    // The three that went out (the form, the no-cors fetch, the beacon) reached the board and were refused.
    await vi.waitFor(async () => expect(answered.filter((a) => a.method === 'POST' && a.status === 403)).toHaveLength(3), { timeout: 10_000, interval: 50 });
    const fromThere = answered.filter((a) => a.site === 'same-site');
    expect(fromThere.filter((a) => a.method !== 'OPTIONS').map((a) => [a.method, a.status])).toEqual([
      ['POST', 403],
      ['POST', 403],
      ['POST', 403],
    ]);
    expect(await crm.isPaused()).toBe(true);
    expect(await jobNames()).toEqual(before);
    await page.close();
  }, 60_000);
});

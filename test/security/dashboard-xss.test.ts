import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@feedloop/ingest';
import { createLogger, parseConfig } from '@feedloop/runtime';
import { startWorker, type RunningWorker } from '@feedloop/worker';
import { launchChromium } from '../helpers/browser.js';
import { ORIGIN, PUBLIC_KEY, SECRET_KEY } from '../helpers/config.js';
import { postAsBrowser, wireEvent } from '../helpers/events.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../helpers/redis.js';

// SECURITY.md, "XSS through comments": a customer's comment reaches the operator's dashboard as text. Set up as in
// test/e2e/dashboard.test.ts: the real pipeline (ingest, worker, Redis) and the built dashboard in Chromium.

const MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const COMMENT = `Broken checkout ${MARKUP}`;

const config = parseConfig(
  {
    redis: { url: REDIS_URL, prefix: randomPrefix() },
    sites: [{ id: 'shop', publicKey: PUBLIC_KEY, secretKey: { env: 'TEST_SECRET_KEY' }, origins: [ORIGIN] }],
    destinations: [],
  },
  { TEST_SECRET_KEY: SECRET_KEY },
);

let app: FastifyInstance;
let worker: RunningWorker;
let url: string;
let browser: Browser;

const comments = () =>
  fetch(`${url}/v1/insights/comments?site=shop`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    .then((r) => r.json() as Promise<{ comments?: { comment: string }[] }>)
    .then((answer) => answer.comments?.map((c) => c.comment) ?? []);

beforeAll(async () => {
  app = await buildApp(config);
  worker = await startWorker(config, { logger: createLogger({ level: 'silent' }) });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  const event = wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 1, comment: COMMENT, interaction: { channel: 'chat', agentId: MARKUP } });
  expect((await postAsBrowser(app, event)).statusCode).toBe(202);
  const deadline = Date.now() + 15_000;
  while (!(await comments()).includes(COMMENT)) {
    if (Date.now() > deadline) throw new Error('the worker did not store the comment within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await worker?.close();
  await deletePrefix(config.redis.prefix);
});

describe('a comment holding markup, in the dashboard', () => {
  it('is shown as text: no element made of it, no script run, no dialog', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
    page.on('pageerror', (error) => errors.push(error.message));
    expect((await page.goto(`${url}/dashboard`))?.status()).toBe(200);
    await page.getByLabel('Site id').fill('shop');
    await page.getByLabel('Secret key').fill(SECRET_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const row = page.locator('table.comments tbody tr', { hasText: 'Broken checkout' });
    await row.waitFor();
    expect(await row.locator('td.comment-text').textContent()).toBe(COMMENT);
    // The agent id, which the customer's page also chose, is text in its cell too.
    expect(await row.textContent()).toContain(`chat · ${MARKUP}`);
    // Nothing the comment spelt became an element, anywhere on the page.
    expect(await page.locator('table.comments script, table.comments img, img[src=x], [onerror]').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(1); // the dashboard's own
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret, type EnrichedRecord } from '@feedloop/webhooks';
import { freePort } from '../../packages/cli/src/local-redis.js';
import { launchChromium } from '../helpers/browser.js';
import { demoConfig, runFeedloop, type FeedloopProcess } from '../helpers/feedloop-process.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../helpers/redis.js';

// The examples as their READMEs run them: `feedloop start --static <example>` with the demo's configuration, moved to
// a free port, a private Redis key prefix and this file's webhook receiver.
const SCRIPT_TAG = new URL('../../examples/script-tag/', import.meta.url).pathname;
const ESM_APP = new URL('../../examples/esm-app/', import.meta.url).pathname;
const THANKS = 'Thank you for your feedback!';

interface Example {
  origin: string;
  receiver: Receiver;
  feedloop: FeedloopProcess;
  prefix: string;
}

async function startExample(staticDir: string): Promise<Example> {
  const secret = generateSecret();
  const prefix = randomPrefix();
  const receiver = await startReceiver(secret);
  const port = await freePort();
  const config = demoConfig({ port, redisUrl: REDIS_URL, prefix, webhookUrl: receiver.url, secret: { env: 'E2E_WEBHOOK_SECRET' } });
  const feedloop = await runFeedloop(config, ['start', '--static', staticDir], { E2E_WEBHOOK_SECRET: secret, REDIS_URL }).catch(async (error) => {
    await receiver.close();
    throw error;
  });
  return { origin: `http://127.0.0.1:${port}`, receiver, feedloop, prefix };
}

/** Stops everything `startExample` started, even when a part of it fails; returns feedloop's exit code. */
async function stopExample(example: Example | undefined): Promise<number | null | undefined> {
  if (!example) return undefined;
  try {
    return await example.feedloop.stop();
  } finally {
    await example.receiver.close();
    await deletePrefix(example.prefix);
  }
}

/** The record of the verified webhook for `touchpoint`, if it has arrived. */
function delivered(receiver: Receiver, touchpoint: string): EnrichedRecord | undefined {
  for (const { verified } of receiver.deliveries) {
    if (verified.ok && verified.event.type === 'feedback.created' && verified.event.data.touchpoint === touchpoint) return verified.event.data;
  }
  return undefined;
}

/** Script errors, and anything a Content-Security-Policy refused, on `page`. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) errors.push(message.text());
  });
  return errors;
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('examples/script-tag in headless Chromium', () => {
  let example: Example;

  beforeAll(async () => {
    example = await startExample(SCRIPT_TAG);
  });

  afterAll(async () => {
    const code = await stopExample(example);
    expect(code).toBe(0);
  });

  it('mounts both touchpoints and the one added later, and each rating arrives as a verified webhook', async () => {
    const { origin, receiver } = example;
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${origin}/`);
    expect(await page.evaluate(() => typeof (window as unknown as { Feedloop?: { ask?: unknown } }).Feedloop?.ask)).toBe('function');

    // help.article: thumbs with reason chips and a comment.
    const article = page.locator('#article-feedback');
    await expect.poll(() => article.getByText('Was this article helpful?').count()).toBe(1);
    await article.getByRole('radio', { name: 'Thumbs up' }).click();
    await article.getByRole('button', { name: 'Clear steps' }).click();
    await article.getByRole('button', { name: 'Answered my question' }).click();
    await article.getByRole('textbox').fill('Step 2 was exactly what I needed');
    await article.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => article.getByRole('status').textContent()).toBe(THANKS);

    // help.search: a Customer Effort Score without a comment box.
    const search = page.locator('#search-feedback');
    await search.getByRole('radio', { name: '6 – Agree' }).click();
    await expect.poll(() => search.getByRole('textbox').count()).toBe(0);
    await search.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => search.getByRole('status').textContent()).toBe(THANKS);

    // help.contact: not on the page until the button adds it; the widget mounts it by itself.
    const contact = page.locator('#contact-feedback');
    expect(await contact.count()).toBe(0);
    await page.getByRole('button', { name: 'Contact support' }).click();
    await contact.getByRole('radio', { name: 'Yes' }).click();
    await contact.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => contact.getByRole('status').textContent()).toBe(THANKS);

    const context = { url: `${origin}/`, sdk: { name: '@feedloop/widget' } };
    await expect.poll(() => delivered(receiver, 'help.article'), { timeout: 15_000 }).toMatchObject({
      site: 'demo', metric: 'thumbs', value: 1, bucket: 'positive', score: 1,
      answers: { 'Clear steps': true, 'Answered my question': true },
      comment: 'Step 2 was exactly what I needed',
      context,
    });
    await expect.poll(() => delivered(receiver, 'help.search'), { timeout: 15_000 }).toMatchObject({ site: 'demo', metric: 'ces', value: 6, bucket: 'easy', context });
    await expect.poll(() => delivered(receiver, 'help.contact'), { timeout: 15_000 }).toMatchObject({ site: 'demo', metric: 'fcr', value: 1, bucket: 'resolved', context });
    expect(receiver.deliveries.every((d) => d.verified.ok)).toBe(true);
    expect(receiver.deliveries).toHaveLength(3);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('examples/esm-app (React 19 + Vite) in headless Chromium', () => {
  let example: Example;
  let outDir: string;

  beforeAll(async () => {
    // Built here, into a fresh folder, so the test never depends on (or leaves) examples/esm-app/dist.
    outDir = mkdtempSync(join(tmpdir(), 'feedloop-esm-app-'));
    // Vitest sets NODE_ENV=test, which would make Vite build React and the JSX for development; build it as
    // `npm run build` does instead.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ root: ESM_APP, configFile: join(ESM_APP, 'vite.config.js'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    example = await startExample(outDir);
  }, 60_000);

  afterAll(async () => {
    try {
      const code = await stopExample(example);
      expect(code).toBe(0);
    } finally {
      if (outDir) rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('rates the <feedloop-rating> element React renders, and the ask() popover after "End chat"', async () => {
    const { origin, receiver } = example;
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${origin}/`);

    // The custom element, rendered by a React component with plain attributes.
    const tracking = page.locator('feedloop-rating[touchpoint="order.tracking"]');
    await expect.poll(() => tracking.getByText('How satisfied are you with tracking your order?').count()).toBe(1);
    await tracking.getByRole('radio', { name: '5 – Very satisfied' }).click();
    await tracking.getByRole('button', { name: 'Accurate time' }).click();
    await tracking.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => tracking.getByRole('status').textContent()).toBe(THANKS);

    // ask() from the "End chat" handler: an NPS popover carrying the conversation, and React state from on('submitted').
    const status = page.locator('p.status');
    await page.getByRole('button', { name: 'End chat' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.count()).toBe(1);
    await dialog.getByRole('radio', { name: '9', exact: true }).click();
    await dialog.getByRole('textbox').fill('Maya sorted it in a minute');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe(THANKS);
    await expect.poll(() => status.textContent()).toBe('Thanks — rating 9 recorded');

    const context = { url: `${origin}/`, sdk: { name: '@feedloop/widget' } };
    await expect.poll(() => delivered(receiver, 'order.tracking'), { timeout: 15_000 }).toMatchObject({
      site: 'demo', metric: 'csat', value: 5, bucket: 'satisfied', answers: { 'Accurate time': true }, context,
    });
    await expect.poll(() => delivered(receiver, 'support.chat'), { timeout: 15_000 }).toMatchObject({
      site: 'demo', metric: 'nps', value: 9, bucket: 'promoter', score: 0.9,
      comment: 'Maya sorted it in a minute',
      interaction: { id: 'conv_8f3a2c71', channel: 'chat', agentId: 'ag_maya' },
      context,
    });
    expect(delivered(receiver, 'support.chat')!.interaction!.endedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(receiver.deliveries.every((d) => d.verified.ok)).toBe(true);
    expect(receiver.deliveries).toHaveLength(2);
    expect(errors).toEqual([]);
    await page.close();
  });
});

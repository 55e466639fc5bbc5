import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../packages/cli/src/local-redis.js';
import { launchChromium } from '../helpers/browser.js';
import { demoConfig, runFeedloop, type FeedloopProcess } from '../helpers/feedloop-process.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../helpers/redis.js';
import { generateSecret } from '@feedloop/webhooks';

// The demo's own configuration, moved to free ports and a private key prefix, forwarding to this test's receiver.
const secret = generateSecret();
const prefix = randomPrefix();
let receiver: Receiver;
let feedloop: FeedloopProcess;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  receiver = await startReceiver(secret);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const config = demoConfig({ port, redisUrl: REDIS_URL, prefix, webhookUrl: receiver.url, secret: { env: 'E2E_WEBHOOK_SECRET' } });
  feedloop = await runFeedloop(config, ['start', '--static', 'examples/demo/public'], { E2E_WEBHOOK_SECRET: secret, REDIS_URL });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  const code = await feedloop?.stop();
  await receiver?.close();
  await deletePrefix(prefix);
  expect(code).toBe(0);
});

describe('the demo shop in headless Chromium', () => {
  it('a customer rates checkout with the keyboard and the receiver gets a verified webhook', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/?coupon=SECRET#top`);
    expect(feedloop.ready.ingestUrl).toBe(origin);

    const widget = page.locator('#checkout-feedback');
    await widget.getByRole('radio').first().focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => widget.getByRole('radio', { checked: true }).getAttribute('aria-label')).toBe('4 – Satisfied');
    // Reason chips, then the comment: toggle "Delivery options" with the space bar.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('Checkout was quick <b>and</b> clear');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => widget.getByRole('status').textContent()).toBe('Thank you for your feedback!');

    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.verified).toMatchObject({
      ok: true,
      event: {
        type: 'feedback.created',
        data: {
          site: 'demo', touchpoint: 'checkout', metric: 'csat', value: 4, bucket: 'satisfied', score: 0.75,
          comment: 'Checkout was quick <b>and</b> clear',
          answers: { 'Delivery options': true },
          context: { url: `${origin}/`, sdk: { name: '@feedloop/widget' } },
        },
      },
    });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('after a support chat ends, the rating is sent for the support.chat touchpoint', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/support.html`);
    await page.getByRole('button', { name: 'End chat' }).click();
    const widget = page.getByRole('dialog');
    await widget.getByRole('radio', { name: '2 – Dissatisfied' }).click();
    await widget.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => widget.getByRole('status').textContent()).toBe('Thank you for your feedback!');
    const deliveries = await receiver.waitFor(2);
    const record = deliveries.map((d) => (d.verified.ok && d.verified.event.type === 'feedback.created' ? d.verified.event.data : undefined)).find((r) => r?.touchpoint === 'support.chat');
    expect(record).toMatchObject({ metric: 'csat', value: 2, bucket: 'dissatisfied', score: 0.25, interaction: { id: 'chat_4821', channel: 'chat', agentId: 'maya' } });
    await page.close();
  });
});

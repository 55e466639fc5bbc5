import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../packages/cli/src/local-redis.js';
import { launchChromium } from '../helpers/browser.js';
import { demoConfig, runFeedloop, type FeedloopProcess } from '../helpers/feedloop-process.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../helpers/redis.js';

// What `npm start` runs, on free ports: the demo shop, and the local inbox that verifies and lists what was forwarded.
const prefix = randomPrefix();
let feedloop: FeedloopProcess;
let browser: Browser;
let shop: string;
let inbox: string;

beforeAll(async () => {
  const [shopPort, inboxPort] = [await freePort(), await freePort()];
  shop = `http://127.0.0.1:${shopPort}`;
  const config = demoConfig({ port: shopPort, redisUrl: REDIS_URL, prefix, webhookUrl: `http://127.0.0.1:${inboxPort}/hook` });
  feedloop = await runFeedloop(config, ['start', '--static', 'examples/demo/public', '--inbox', '--env-file', 'examples/demo/demo.env'], { REDIS_URL });
  inbox = String(feedloop.ready.inboxUrl);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  const code = await feedloop?.stop();
  await deletePrefix(prefix);
  expect(code).toBe(0);
});

describe('npm start’s inbox', () => {
  it('shows a rating from the shop live, as text, once verified', async () => {
    expect(inbox).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const inboxPage = await browser.newPage();
    await inboxPage.goto(inbox);
    await expect.poll(() => inboxPage.locator('#empty').isVisible()).toBe(true);

    const shopPage = await browser.newPage();
    await shopPage.goto(`${shop}/`);
    const widget = shopPage.locator('#checkout-feedback');
    await widget.getByRole('radio', { name: '1 – Very dissatisfied' }).click();
    await widget.getByRole('textbox').fill('<img src=x onerror=alert(1)> never arrived');
    await widget.getByRole('button', { name: 'Send' }).click();

    // No reload: the card arrives over Server-Sent Events.
    const card = inboxPage.locator('article:not(.alert)');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.locator('.value').textContent()).toBe('1');
    expect(await card.locator('.dissatisfied').textContent()).toBe('dissatisfied');
    expect(await card.locator('blockquote').textContent()).toBe('<img src=x onerror=alert(1)> never arrived');
    expect(await card.locator('blockquote img').count()).toBe(0);
    expect(await inboxPage.locator('#empty').isVisible()).toBe(false);

    // An unhappy customer who wrote something: the demo routes the follow-up alert here too.
    const alert = inboxPage.locator('article.alert');
    await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
    expect(await alert.locator('strong').first().textContent()).toBe('Follow up');
    expect(await alert.locator('blockquote').textContent()).toBe('<img src=x onerror=alert(1)> never arrived');
    expect(await alert.locator('blockquote img').count()).toBe(0);
  });
});

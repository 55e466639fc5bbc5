// Screenshots for the docs: the demo shop with the widget, the inbox after one rating, the insights dashboard with two
// months of ratings (docs/insights.md), and the widget gallery in docs/widget.md (every metric in light and dark, the
// follow-up, a popover, right-to-left).
// Runs `feedloop start` on free ports against $REDIS_URL (default 127.0.0.1:6379); run `npm run build` first.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { chromium } from 'playwright-core';
import { freePort } from 'feedloop';

const root = new URL('..', import.meta.url).pathname;

const [shopPort, inboxPort] = [await freePort(), await freePort()];
const demo = JSON.parse(readFileSync(join(root, 'examples/demo/feedloop.config.json'), 'utf8'));
const shop = `http://127.0.0.1:${shopPort}`;
const config = {
  ...demo,
  // Written to a temporary folder: the demo's GeoIP path, relative to examples/demo, is made absolute.
  enrich: { ...demo.enrich, geoip: join(root, 'examples/demo', demo.enrich.geoip) },
  redis: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `screenshots-${Date.now()}` },
  ingest: { host: '127.0.0.1', port: shopPort },
  sites: [{ ...demo.sites[0], origins: [shop] }],
  destinations: [{ ...demo.destinations[0], url: `http://127.0.0.1:${inboxPort}/hook` }],
};
const file = join(mkdtempSync(join(tmpdir(), 'feedloop-shots-')), 'feedloop.config.json');
writeFileSync(file, JSON.stringify(config));

const child = spawn(process.execPath, [join(root, 'packages/cli/bin/feedloop.js'), 'start', '--config', file,
  '--static', join(root, 'examples/demo/public'), '--inbox', '--env-file', join(root, 'examples/demo/demo.env')], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => createInterface({ input: child.stdout }).on('line', (line) => line.includes('feedloop ready') && resolve()));

/** The demo site's secret key: the environment's, else examples/demo/demo.env's (as `feedloop start` reads it). */
function demoSecret() {
  if (process.env.FEEDLOOP_DEMO_SECRET) return process.env.FEEDLOOP_DEMO_SECRET;
  const line = readFileSync(join(root, 'examples/demo/demo.env'), 'utf8').split('\n').find((l) => l.startsWith('FEEDLOOP_DEMO_SECRET='));
  return line?.slice('FEEDLOOP_DEMO_SECRET='.length).trim();
}

/**
 * `days` days of ratings up to now, about `perDay` a day, oldest first: where a shop asks (checkout, help articles,
 * onboarding, support by chat, e-mail and phone with their agents), slowly improving, a quarter with a comment.
 * Seeded, so every run draws the same picture.
 */
function demoRatings(days, perDay) {
  let seed = 11;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const one = (list) => list[Math.floor(random() * list.length)];
  const pick = (weights) => {
    let r = random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) < 0) return i;
    return weights.length - 1;
  };
  // Weights of each value, lowest first; `t` runs from 0 (oldest day) to 1 (today).
  const weights = {
    csat: (t) => [4, 4, 8, 30 - 6 * t, 54 + 10 * t],
    emoji: () => [3, 5, 10, 32, 50],
    nps: (t) => [3, 2, 2, 3, 4, 5, 6, 12, 18, 22 + 8 * t, 23 + 10 * t],
    ces: (t) => [3, 4, 8, 12, 25, 28, 20 + 8 * t],
    thumbs: (t) => [22 - 8 * t, 78],
    fcr: (t) => [28 - 6 * t, 72],
  };
  const where = [['checkout', 'csat'], ['checkout', 'nps'], ['help.article', 'thumbs'], ['onboarding', 'ces'], ['support.chat', 'csat', 'chat'],
    ['support.chat', 'fcr', 'chat'], ['support.email', 'csat', 'email'], ['support.phone', 'fcr', 'phone'], ['app.home', 'emoji'], ['app.home', 'nps']];
  const agents = { chat: ['ana', 'ben', 'chen'], email: ['dora', 'eli'], phone: ['fay', 'gus'] };
  // What customers write where, by how they rated: good, middling, bad.
  const support = {
    good: ['Ana sorted out my refund in minutes, thank you!', 'Friendly agent, solved on the first call. Excellent.', 'Quick answer and very helpful.'],
    meh: ['Took a while, but the return is sorted.', 'Answered, eventually.'],
    bad: ['Support closed my ticket without fixing the problem.', 'Waited 40 minutes on the phone. Terrible.', 'The delivery was two days late and nobody told me. Disappointed.'],
  };
  const comments = {
    checkout: {
      good: ['Checkout was quick and easy, great experience.', 'Love how fast the payment was.'],
      meh: ['Fine, but the shipping options could be clearer.'],
      bad: ['I had to type my address twice, annoying.', 'The payment page crashed, terrible.', 'Prices went up again, too expensive now.'],
    },
    'help.article': { good: ['Great article, it answered my question right away.', 'Clear and helpful, thanks!'], meh: ['Partly helpful.'], bad: ['Outdated screenshots, confusing and useless.'] },
    onboarding: { good: ['Setup was easy and fast, great job.'], meh: ['It was okay.'], bad: ['Confusing steps, I got stuck twice.'] },
    'app.home': { good: ['Love the new app design, so easy to find things.'], meh: ['Looks nice, a bit slow.'], bad: ['The app crashed when I tried to pay.', 'Slow and buggy since the update.'] },
    'support.chat': support,
    'support.email': support,
    'support.phone': support,
  };
  const now = Date.now();
  const midnight = now - (now % 86_400_000);
  const events = [];
  for (let d = days - 1; d >= 0; d--) {
    const t = 1 - d / days;
    for (let i = 0, n = Math.round(perDay * (0.7 + random() * 0.6)); i < n; i++) {
      const [touchpoint, metric, channel] = one(where);
      const w = weights[metric](t);
      const index = pick(w);
      const grade = index / (w.length - 1);
      const said = comments[touchpoint];
      const comment = random() < 0.25 ? one(grade >= 0.75 ? said.good : grade <= 0.4 ? said.bad : said.meh) : undefined;
      events.push({
        id: randomUUID(),
        touchpoint,
        metric,
        value: (['nps', 'thumbs', 'fcr'].includes(metric) ? 0 : 1) + index,
        // Any time of that UTC day (today: until now), so each is counted on its own day.
        createdAt: new Date(midnight - d * 86_400_000 + Math.floor(random() * (d === 0 ? now - midnight : 86_400_000))).toISOString(),
        ...(comment ? { comment } : {}),
        ...(channel ? { interaction: { id: `conv-${d}-${i}`, channel, agentId: one(agents[channel]) } } : {}),
      });
    }
  }
  return events.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Two months of ratings posted to the running server (as a backend would, with the secret key), then the dashboard. */
async function dashboardShot(browser) {
  const site = demo.sites[0].id;
  const secret = demoSecret();
  if (!secret) throw new Error('no FEEDLOOP_DEMO_SECRET in the environment or examples/demo/demo.env');
  const auth = { authorization: `Bearer ${secret}` };
  const events = demoRatings(60, 45);
  for (let i = 0; i < events.length; i += 100) {
    const response = await fetch(`${shop}/v1/events`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'x-feedloop-key': demo.sites[0].publicKey }, body: JSON.stringify({ batch: events.slice(i, i + 100) }) });
    if (response.status !== 202) throw new Error(`POST /v1/events answered ${response.status}: ${await response.text()}`);
  }
  // Wait for the worker to count them all, asking gently (the insights API takes 120 requests a minute per site).
  const metrics = ['csat', 'nps', 'ces', 'thumbs', 'emoji', 'fcr'];
  const from = new Date(Date.now() - 59 * 86_400_000).toISOString().slice(0, 10);
  const want = Object.fromEntries(metrics.map((m) => [m, events.filter((e) => e.metric === m && e.createdAt >= from).length]));
  for (let attempt = 0; ; attempt++) {
    const counts = await Promise.all(metrics.map(async (m) => (await (await fetch(`${shop}/v1/insights?site=${site}&metric=${m}&from=${from}`, { headers: auth })).json()).total?.count ?? 0));
    if (metrics.every((m, i) => counts[i] >= want[m])) break;
    if (attempt === 20) throw new Error(`ratings not counted after a minute: ${JSON.stringify(counts)} of ${JSON.stringify(want)}`);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
  }

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${shop}/dashboard`);
  await page.getByLabel('Site id').fill(site);
  await page.getByLabel('Secret key').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('article.card').first().waitFor();
  await page.locator('table.comments').waitFor();
  await page.locator('.breakdown table').first().waitFor();
  await page.waitForFunction(() => !globalThis.document.querySelector('[aria-busy=true]'));
  await page.screenshot({ path: join(root, 'docs/images/dashboard.png'), fullPage: true });
  await page.close();
  console.log('wrote docs/images/dashboard.png');
}

/** Gallery pages are generated here and served from the shop's origin, so they talk to the real ingest server. */
async function widgetGallery(browser) {
  const metrics = ['csat', 'nps', 'ces', 'thumbs', 'emoji', 'fcr'];
  const shot = async (name, { theme = 'light', body, init = {}, act = async () => {}, wholePage = false }) => {
    const page = await browser.newPage({ viewport: { width: 560, height: 520 }, deviceScaleFactor: 2 });
    const background = theme === 'dark' ? '#0d1117' : '#f6f8fa';
    await page.route(`${shop}/gallery.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;padding:24px;background:${background}}</style></head>
<body>${body}<script src="/widget/feedloop.iife.js"></script>
<script>Feedloop.init(${JSON.stringify({ endpoint: shop, siteKey: demo.sites[0].publicKey, theme, ...init })})</script></body></html>`,
      }),
    );
    await page.goto(`${shop}/gallery.html`);
    await page.waitForFunction(() => globalThis.Feedloop);
    await act(page);
    await page.locator('[role=radio]').first().waitFor();
    const path = join(root, `docs/images/widget-${name}.png`);
    await (wholePage ? page.screenshot({ path }) : page.locator('#shot').screenshot({ path }));
    await page.close();
  };
  for (const theme of ['light', 'dark']) {
    for (const metric of metrics) {
      await shot(`${metric}-${theme}`, { theme, body: `<div id="shot" style="width:480px" data-feedloop-touchpoint="gallery" data-feedloop-metric="${metric}"></div>` });
    }
    await shot(`follow-up-${theme}`, {
      theme,
      body: '<div id="shot" style="width:480px" data-feedloop-touchpoint="gallery" data-feedloop-metric="nps" data-feedloop-reasons="Price,Delivery,Support,Quality"></div>',
      act: async (page) => {
        await page.getByRole('radio', { name: '6' }).click();
        await page.getByRole('button', { name: 'Delivery' }).click();
        await page.getByRole('textbox').fill('The parcel arrived two days late.');
      },
    });
  }
  await shot('rtl-he', { body: '<div id="shot" style="width:480px" data-feedloop-touchpoint="gallery" data-feedloop-metric="nps"></div>', init: { locale: 'he' } });
  await shot('popover', {
    body: '<p id="shot" style="font:16px system-ui;max-width:300px">Chat ended. Thanks for contacting Trailhead Outfitters.</p>',
    init: { position: 'bottom-right' },
    wholePage: true,
    act: async (page) => {
      await page.evaluate(() => globalThis.Feedloop.ask({ touchpoint: 'support.chat', metric: 'ces' }));
      await page.getByRole('dialog').getByRole('radio', { name: /^5/ }).click();
    },
  });
  console.log('wrote docs/images/widget-*.png');
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  await page.goto(`${shop}/`);
  const widget = page.locator('#checkout-feedback');
  await widget.getByRole('radio', { name: '4 – Satisfied' }).click();
  await widget.getByRole('textbox').fill('Smooth checkout, but I had to type my address twice.');
  await page.screenshot({ path: join(root, 'docs/images/demo-shop.png') });
  await widget.getByRole('button', { name: 'Send' }).click();
  await widget.getByRole('status').waitFor();

  const inbox = await browser.newPage({ viewport: { width: 1100, height: 480 } });
  await inbox.goto(`http://127.0.0.1:${inboxPort}/`);
  await inbox.locator('article').first().waitFor();
  await inbox.screenshot({ path: join(root, 'docs/images/demo-inbox.png') });
  console.log('wrote docs/images/demo-shop.png and docs/images/demo-inbox.png');
  await dashboardShot(browser);
  await widgetGallery(browser);
} finally {
  await browser.close();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  const redis = new Redis(config.redis.url);
  const keys = await redis.keys(`${config.redis.prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

// Screenshots for the docs: the demo shop with the widget, the inbox after one rating, and the widget gallery in
// docs/widget.md (every metric in light and dark, the follow-up, a popover, right-to-left).
// Runs `feedloop start` on free ports against $REDIS_URL (default 127.0.0.1:6379); run `npm run build` first.
import { spawn } from 'node:child_process';
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

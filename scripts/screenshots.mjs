// Screenshots for the docs: the demo shop with the widget, and the inbox after one rating.
// Runs `feedloop start` on free ports against $REDIS_URL (default 127.0.0.1:6379); run `npm run build` first.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const [shopPort, inboxPort] = [await freePort(), await freePort()];
const demo = JSON.parse(readFileSync(join(root, 'examples/demo/feedloop.config.json'), 'utf8'));
const shop = `http://127.0.0.1:${shopPort}`;
const config = {
  ...demo,
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

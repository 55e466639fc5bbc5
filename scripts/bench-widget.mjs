// What the widget costs a host page: bundle sizes against the script-tag budget, and the main-thread
// time to mount it in headless Chromium, compared with the same page without the widget.
// Usage: node scripts/bench-widget.mjs [--runs N] [--json results.json]   (CHROMIUM_PATH overrides the browser)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'packages/widget/dist');
const iifePath = join(dist, 'feedloop.iife.js');
const IIFE_BUDGET = 10_240; // gzip bytes, all included; the same ceiling as packages/widget/src/bundle-size.test.ts
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '30' }, json: { type: 'string' } } });
const runs = Number(flags.runs);
const fail = (message) => {
  console.error(`bench-widget: ${message}`);
  process.exit(1);
};
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive integer, got "${flags.runs}"`);

// A failed build (someone mid-edit) is not fatal: an older dist is still worth measuring.
if (!existsSync(iifePath)) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (!existsSync(iifePath)) fail(`${iifePath} is missing; run \`npm run build\` first`);
if (!existsSync(executablePath)) fail(`Chromium not found at ${executablePath}; install it (apt-get install chromium) or set CHROMIUM_PATH`);

// ---- 1. Sizes ----
const localeDir = join(dist, 'locales');
const locales = existsSync(localeDir) ? readdirSync(localeDir).filter((f) => f.endsWith('.json')).sort().map((f) => `locales/${f}`) : [];
const sizes = ['feedloop.iife.js', 'feedloop.mjs', ...locales].filter((f) => existsSync(join(dist, f))).map((file) => {
  const code = readFileSync(join(dist, file));
  return { file, raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
});
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`;
console.log(`\nBundle sizes (packages/widget/dist, gzip level 9)`);
for (const { file, raw, gzip } of sizes) {
  const budget = file === 'feedloop.iife.js' ? `  budget ${IIFE_BUDGET} B: ${((100 * gzip) / IIFE_BUDGET).toFixed(1)}% used${gzip > IIFE_BUDGET ? '  OVER BUDGET' : ''}` : '';
  console.log(`  ${file.padEnd(24)} raw ${String(raw).padStart(7)} B  gzip ${String(gzip).padStart(6)} B (${kb(gzip)})${budget}`);
}

// ---- 2. Static server: the bundle and two otherwise identical pages ----
const page = (extra) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Order confirmed</title></head>
<body>
<h1>Thanks, your order is on its way</h1>
<p>We sent a confirmation to your inbox. Your parcel should arrive within three working days.</p>
<div id="fb"></div>
${extra}
</body></html>`;
// The empty page sets the same marks so both pages pay for the same bookkeeping.
const pages = {
  '/empty.html': page(`<script>performance.mark('feedloop-start')</script>
<script>performance.mark('feedloop-interactive')</script>`),
  // The script-tag path as a site uses it: the script starts itself and mounts the marked element.
  '/widget.html': page(`<script>performance.mark('feedloop-start')</script>
<div data-feedloop-touchpoint="bench" data-feedloop-metric="nps"></div>
<script src="/feedloop.iife.js" data-site-key="pk_bench"></script>
<script>
const interactive = () => performance.mark('feedloop-interactive');
if (document.querySelector('[data-feedloop-touchpoint]').shadowRoot?.querySelector('[role=radio]')) interactive();
else Feedloop.on('shown', interactive);
</script>`),
};
const iife = readFileSync(iifePath);
let eventPosts = 0;
const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  const send = (status, type, body) => res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  if (req.method === 'POST' && pathname === '/v1/events') {
    eventPosts++;
    req.resume().on('end', () => send(202, 'application/json', '{"accepted":0,"duplicates":0,"rejected":[],"warnings":[]}'));
  } else if (req.method === 'GET' && pathname === '/feedloop.iife.js') send(200, 'text/javascript; charset=utf-8', iife);
  else if (req.method === 'GET' && pages[pathname]) send(200, 'text/html; charset=utf-8', pages[pathname]);
  else send(404, 'text/plain', 'not found');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- 3. Measure in Chromium ----
let browser;
try {
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
} catch (error) {
  server.close();
  fail(`could not launch Chromium at ${executablePath}: ${error.message.split('\n')[0]}`);
}
const chromiumVersion = browser.version();

async function measure(path) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    // Any request off this server would mean the numbers include the network (and that something leaked).
    tab.on('request', (request) => !request.url().startsWith(origin) && errors.push(`unexpected request to ${request.url()}`));
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await tab.goto(origin + path, { waitUntil: 'load' });
    await tab.waitForFunction(() => performance.getEntriesByName('feedloop-interactive').length > 0, null, { timeout: 10_000 })
      .catch(() => errors.push('the widget never rendered a [role=radio]'));
    if (errors.length) throw new Error(`${path}: ${errors.join('; ')}`);
    const startToInteractive = await tab.evaluate(() => performance.measure('feedloop', 'feedloop-start', 'feedloop-interactive').duration);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const ms = (name) => metrics.find((m) => m.name === name).value * 1000;
    return { startToInteractive, task: ms('TaskDuration'), script: ms('ScriptDuration'), layout: ms('LayoutDuration'), recalcStyle: ms('RecalcStyleDuration') };
  } finally {
    await context.close();
  }
}

const samples = { empty: [], widget: [] };
let exitCode = 0;
try {
  // One discarded pair first: the first context of a fresh browser pays one-off process start-up costs.
  await measure('/empty.html');
  await measure('/widget.html');
  // Alternate the pages so drift (thermal, other load) hits both equally.
  for (let i = 0; i < runs; i++) {
    samples.empty.push(await measure('/empty.html'));
    samples.widget.push(await measure('/widget.html'));
  }
} catch (error) {
  console.error(`bench-widget: ${error.message}`);
  exitCode = 1;
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
if (exitCode) process.exit(exitCode);

// ---- 4. Report ----
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(0.9 * xs.length) - 1]; // nearest rank
const METRICS = { startToInteractive: 'script start → interactive', task: 'main-thread TaskDuration', script: 'ScriptDuration', layout: 'LayoutDuration', recalcStyle: 'RecalcStyleDuration' };
const summary = {};
for (const [key, label] of Object.entries(METRICS)) {
  const [e, w] = [samples.empty.map((s) => s[key]), samples.widget.map((s) => s[key])];
  summary[key] = {
    label,
    empty: { median: median(e), p90: p90(e) },
    widget: { median: median(w), p90: p90(w) },
    // Compared on medians of this run only: absolute numbers vary with the machine, the delta is what matters.
    deltaMedian: median(w) - median(e),
    ratioMedian: median(e) > 0 ? median(w) / median(e) : null,
  };
}

const f = (x) => x.toFixed(2).padStart(8);
console.log(`\nPage cost in Chromium ${chromiumVersion}, ${runs} runs per page (ms; median / p90)`);
console.log(`  ${'metric'.padEnd(28)} ${'empty'.padStart(19)}   ${'widget'.padStart(19)}   ${'Δ median'.padStart(8)}  ${'ratio'.padStart(6)}`);
for (const { label, empty, widget, deltaMedian, ratioMedian } of Object.values(summary)) {
  const ratio = ratioMedian === null ? '–' : `${ratioMedian.toFixed(2)}×`;
  console.log(`  ${label.padEnd(28)} ${f(empty.median)} / ${f(empty.p90)}   ${f(widget.median)} / ${f(widget.p90)}   ${f(deltaMedian)}  ${ratio.padStart(6)}`);
}
console.log(`  events POSTed to /v1/events: ${eventPosts}\n`);

if (flags.json) {
  const result = { date: new Date().toISOString(), chromium: chromiumVersion, runs, budget: { 'feedloop.iife.js': IIFE_BUDGET }, sizes, summary, samples, eventPosts };
  writeFileSync(flags.json, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${flags.json}`);
}

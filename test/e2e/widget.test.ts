import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import type { Page } from 'playwright-core';
import { rollup } from 'rollup';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, METRIC_SCALES } from '@feedloop/schema/metrics';
import { buildApp } from '@feedloop/ingest';
import { parseConfig } from '@feedloop/runtime';
import { SITE_KEY, useWidgetSite, widgetPage } from '../helpers/widget-site.js';

const harness = useWidgetSite();
// Vue's browser build, with its template compiler: a Vue app with no build step.
const VUE = createRequire(import.meta.url).resolve('vue/dist/vue.esm-browser.prod.js');

/** A Svelte component compiled and bundled with its runtime, mounted on #app: what a Svelte app's build makes. */
async function bundleSvelte(source: string): Promise<string> {
  const { js } = compile(source, { generate: 'client', name: 'App' });
  const entry = `${js.code}\nimport { mount } from 'svelte';\nmount(App, { target: document.getElementById('app') });`;
  const bundle = await rollup({
    input: 'app',
    plugins: [
      { name: 'app', resolveId: (id) => (id === 'app' ? id : null), load: (id) => (id === 'app' ? entry : null) },
      nodeResolve({ browser: true, exportConditions: ['svelte', 'browser', 'import'] }),
    ],
    // Svelte's runtime has circular imports by design; Rollup's notes about them are noise here.
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return output[0].code;
}

/** A new page that fails the test on any script error. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await harness.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

const INIT = 'Feedloop.init(window.FEEDLOOP_SITE);';

describe('the widget in headless Chromium', () => {
  it('every metric can be answered with the keyboard alone, and each answer reaches the ingest queue', async () => {
    const body = METRIC_NAMES.map((m) => `<button id="before-${m}">before ${m}</button><div id="w-${m}" data-feedloop-touchpoint="kb.${m}" data-feedloop-metric="${m}"></div>`).join('\n');
    const { page, errors } = await open(harness.site.page('/keyboard', widgetPage(harness.site, { body, script: INIT })));
    for (const metric of METRIC_NAMES) {
      await page.focus(`#before-${metric}`);
      await page.keyboard.press('Tab');
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft');
      const ring = await page.locator(`#w-${metric} [aria-checked=true]`).evaluate((el) => getComputedStyle(el).outline);
      expect(ring, 'visible focus').toMatch(/^rgb\(10, 88, 202\) solid 3px$/);
      await page.keyboard.press('Tab');
      await page.keyboard.type(`keyboard ${metric}`);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator(`#w-${metric}`).getByRole('status').textContent()).toBe('Thank you for your feedback!');
    }
    await expect.poll(async () => (await harness.site.queued()).filter((job) => job.event.touchpoint.startsWith('kb.')).length, { timeout: 10_000 }).toBe(METRIC_NAMES.length);
    const events = (await harness.site.queued()).map((job) => job.event).filter((event) => event.touchpoint.startsWith('kb.'));
    for (const metric of METRIC_NAMES) {
      expect(events.find((e) => e.metric === metric)).toMatchObject({ touchpoint: `kb.${metric}`, value: METRIC_SCALES[metric].max - 1, comment: `keyboard ${metric}` });
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a rating given offline survives a reload and is queued exactly once', async () => {
    const context = await harness.browser.newContext();
    const page = await context.newPage();
    await page.goto(harness.site.page('/offline', widgetPage(harness.site, { body: '<div id="w" data-feedloop-touchpoint="offline.checkout"></div>', script: INIT })));
    const widget = page.locator('#w');
    await widget.getByRole('radio', { name: '4 – Satisfied' }).click();
    await widget.getByRole('textbox').fill('rated while offline');
    await context.setOffline(true);
    await widget.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => widget.getByRole('status').textContent()).toMatch(/offline.*saved/);
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('feedloop:o:')));
    expect(stored).toHaveLength(1);
    await context.setOffline(false);
    await page.reload();
    await expect.poll(async () => (await harness.site.queued()).filter((job) => job.event.touchpoint === 'offline.checkout').length, { timeout: 15_000 }).toBe(1);
    // The beacon at unload and the resend at load may both arrive: the id makes the second a duplicate.
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('feedloop:o:')).length), { timeout: 15_000 }).toBe(0);
    const jobs = (await harness.site.queued()).filter((job) => job.event.touchpoint === 'offline.checkout');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.event).toMatchObject({ id: stored[0]!.slice('feedloop:o:'.length), value: 4, comment: 'rated while offline' });
    await context.close();
  });

  it('a rating chosen but never sent still arrives when the customer leaves the page', async () => {
    const { page } = await open(harness.site.page('/leave', widgetPage(harness.site, { body: '<div id="w" data-feedloop-touchpoint="leave.page" data-feedloop-metric="emoji"></div>', script: INIT })));
    await page.locator('#w').getByRole('radio', { name: 'Good' }).click();
    await page.locator('#w').getByRole('textbox').fill('typed, never sent');
    await page.goto(harness.site.page('/elsewhere', '<!doctype html><title>Elsewhere</title><p>No widget here.</p>'));
    await expect.poll(async () => (await harness.site.queued()).find((job) => job.event.touchpoint === 'leave.page')?.event, { timeout: 10_000 }).toMatchObject({
      metric: 'emoji',
      value: 4,
      comment: 'typed, never sent',
    });
    await page.close();
  });

  it('two tabs rating offline at once lose nothing, and each rating is queued once when the network returns', async () => {
    const context = await harness.browser.newContext();
    const body = '<div id="w" data-feedloop-touchpoint="tabs.checkout" data-feedloop-scale="numbers"></div>';
    const url = harness.site.page('/tabs', widgetPage(harness.site, { body, script: INIT }));
    const tabs = [await context.newPage(), await context.newPage()];
    for (const tab of tabs) await tab.goto(url);
    await context.setOffline(true);
    await Promise.all(
      tabs.map(async (tab, i) => {
        await tab.locator('#w').getByRole('radio', { name: String(i + 2) }).click();
        await tab.locator('#w').getByRole('button', { name: 'Send' }).click();
      }),
    );
    // Each tab sees both ratings in the shared outbox.
    for (const tab of tabs) await expect.poll(() => tab.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('feedloop:o:')).length)).toBe(2);
    await context.setOffline(false);
    await Promise.all(tabs.map((tab) => tab.evaluate(() => dispatchEvent(new Event('online')))));
    await expect.poll(async () => (await harness.site.queued()).filter((job) => job.event.touchpoint === 'tabs.checkout').map((job) => job.event.value).sort(), { timeout: 15_000 }).toEqual([2, 3]);
    await expect.poll(() => tabs[0]!.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('feedloop:o:')).length), { timeout: 15_000 }).toBe(0);
    expect((await harness.site.queued()).filter((job) => job.event.touchpoint === 'tabs.checkout')).toHaveLength(2);
    await context.close();
  });

  it("waits as long as the server's Retry-After says, which the ingest lets a page on another origin read", async () => {
    // An ingest server whose Redis is down answers 503 QUEUE_UNAVAILABLE with Retry-After: 5.
    const config = parseConfig(
      { redis: { url: 'redis://127.0.0.1:1', prefix: 'unused' }, sites: [{ id: 'shop', publicKey: SITE_KEY, origins: [harness.site.origin] }], destinations: [] },
      {},
    );
    const down = await buildApp(config);
    const downUrl = await down.listen({ host: '127.0.0.1', port: 0 });
    try {
      const body = '<div id="w" data-feedloop-touchpoint="retry.after" data-feedloop-scale="numbers"></div>';
      const { page } = await open(harness.site.page('/retry-after', widgetPage(harness.site, { body, script: `Feedloop.init({ endpoint: '${downUrl}', siteKey: '${SITE_KEY}' });` })));
      await page.locator('#w').getByRole('radio', { name: '5' }).click();
      await page.locator('#w').getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => page.locator('#w').getByRole('status').textContent()).toMatch(/saved/);
      const wait = await page.evaluate(() => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('feedloop:o:'))!;
        const item = JSON.parse(localStorage.getItem(key)!) as { notBefore: number; attempts: number; offline?: boolean };
        return { seconds: (item.notBefore - Date.now()) / 1000, attempts: item.attempts, offline: item.offline };
      });
      expect(wait.seconds).toBeGreaterThan(4);
      expect(wait.seconds).toBeLessThanOrEqual(5);
      expect(wait).toMatchObject({ attempts: 1, offline: false });
      await page.close();
    } finally {
      await down.close();
    }
  });

  it("works under a strict Content-Security-Policy: no inline script or style, no 'unsafe-inline', no nonce", async () => {
    const policy = `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${harness.site.ingestUrl}; base-uri 'none'`;
    harness.site.page('/csp.js', {
      body: `Feedloop.init(${JSON.stringify({ endpoint: harness.site.ingestUrl, siteKey: SITE_KEY })});`,
      headers: { 'content-type': 'text/javascript' },
    });
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP</title></head><body>
<feedloop-rating touchpoint="csp.checkout" metric="nps"></feedloop-rating>
<script src="/dist/feedloop.iife.js"></script><script src="/csp.js"></script></body></html>`;
    const page = await harness.browser.newPage();
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)),
    );
    await page.goto(harness.site.page('/csp', { body: html, headers: { 'content-security-policy': policy } }));
    const radio = page.locator('feedloop-rating').getByRole('radio', { name: '9' });
    await radio.click();
    // Styled: the stylesheet was adopted despite style-src 'self'.
    expect(await radio.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(10, 88, 202)');
    await page.locator('feedloop-rating').getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => (await harness.site.queued()).some((job) => job.event.touchpoint === 'csp.checkout'), { timeout: 10_000 }).toBe(true);
    expect(violations).toEqual([]);
    // Nothing added to the host page: no style or element in <head>, no stylesheet, no cookie, one global.
    expect(
      await page.evaluate(() => ({
        head: document.head.children.length,
        sheets: document.styleSheets.length + document.adoptedStyleSheets.length,
        cookie: document.cookie,
        globals: Object.keys(window).filter((key) => key.toLowerCase().includes('feedloop')),
      })),
    ).toEqual({ head: 2, sheets: 0, cookie: '', globals: ['Feedloop'] });
    await page.close();
  });

  it('looks the same on a page whose global CSS is hostile', async () => {
    const body = '<feedloop-rating touchpoint="css.test" metric="nps"></feedloop-rating>';
    const hostile = `<style>
* { all: unset !important; font: italic 40px/4 "Comic Sans MS", cursive !important; color: red !important; direction: rtl !important;
    letter-spacing: 5px !important; text-transform: uppercase !important; box-sizing: content-box !important; visibility: hidden; }
html, body { display: block !important; } head, script, style { display: none !important; }
button, p, div, textarea { background: hotpink !important; padding: 30px !important; border: 9px dotted lime !important; }
</style>`;
    const measure = async (head: string) => {
      const page = await harness.browser.newPage({ viewport: { width: 800, height: 600 } });
      await page.goto(harness.site.page(`/css-${head ? 'hostile' : 'clean'}`, widgetPage(harness.site, { body, head, script: INIT })));
      await page.locator('feedloop-rating').getByRole('radio', { name: '7' }).click();
      const styles = await page.locator('feedloop-rating').evaluate((host) =>
        ['.v', '#q', '[role=radio]', '[aria-checked=true]', 'textarea', '.send', '.ends span'].map((selector) => {
          const el = host.shadowRoot!.querySelector(selector)!;
          const s = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return [selector, s.display, s.font, s.color, s.backgroundColor, s.letterSpacing, s.textTransform, s.padding, s.borderTop, Math.round(box.width), Math.round(box.height)].join(' | ');
        }),
      );
      await page.close();
      return styles;
    };
    const clean = await measure('');
    expect(await measure(hostile)).toEqual(clean);
  });

  it('lays out right to left in Hebrew, with the language fetched from the server and arrows following reading order', async () => {
    const { page, errors } = await open(
      harness.site.page('/rtl', widgetPage(harness.site, { lang: 'he', body: '<div id="w" data-feedloop-touchpoint="rtl.test" data-feedloop-metric="ces"></div>', script: `Feedloop.init({ ...window.FEEDLOOP_SITE, locale: 'he' });` })),
    );
    const widget = page.locator('#w');
    await expect.poll(() => widget.locator('.v').getAttribute('dir')).toBe('rtl');
    expect(await widget.locator('#q').textContent()).toBe('היה לי קל להשיג את מה שחיפשתי.');
    const first = await widget.getByRole('radio').first().boundingBox();
    const last = await widget.getByRole('radio').last().boundingBox();
    expect(first!.x).toBeGreaterThan(last!.x);
    await widget.getByRole('radio').first().focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await widget.getByRole('radio', { checked: true }).getAttribute('data-value')).toBe('2');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the custom element works inside a Vue app, following its reactive attributes', async () => {
    harness.site.page('/vue.js', { body: readFileSync(VUE, 'utf8'), headers: { 'content-type': 'text/javascript' } });
    const script = `import { createApp } from '/vue.js';
Feedloop.init(window.FEEDLOOP_SITE);
const app = createApp({
  data: () => ({ metric: 'thumbs' }),
  template: '<button id="switch" @click="metric = \\'nps\\'">Ask NPS</button><feedloop-rating id="w" touchpoint="vue.page" :metric="metric"></feedloop-rating>',
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('feedloop-');
app.mount('#app');`;
    const { page, errors } = await open(harness.site.page('/vue', widgetPage(harness.site, { body: '<div id="app"></div>', script })));
    await expect.poll(() => page.locator('#w').getByRole('radio').count()).toBe(2);
    await page.click('#switch');
    await expect.poll(() => page.locator('#w').getByRole('radio').count()).toBe(11);
    await page.locator('#w').getByRole('radio', { name: /^8/ }).click();
    await page.locator('#w').getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => (await harness.site.queued()).find((job) => job.event.touchpoint === 'vue.page')?.event, { timeout: 10_000 }).toMatchObject({ metric: 'nps', value: 8 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the custom element works inside a Svelte 5 component, following its reactive attributes', async () => {
    const source = `<script>let metric = $state('thumbs');</script>
<button id="switch" onclick={() => (metric = 'nps')}>Ask NPS</button>
<feedloop-rating id="w" touchpoint="svelte.page" {metric}></feedloop-rating>`;
    harness.site.page('/svelte.js', { body: await bundleSvelte(source), headers: { 'content-type': 'text/javascript' } });
    const script = `Feedloop.init(window.FEEDLOOP_SITE); await import('/svelte.js');`;
    const { page, errors } = await open(harness.site.page('/svelte', widgetPage(harness.site, { body: '<div id="app"></div>', script })));
    await expect.poll(() => page.locator('#w').getByRole('radio').count()).toBe(2);
    await page.click('#switch');
    await expect.poll(() => page.locator('#w').getByRole('radio').count()).toBe(11);
    await page.locator('#w').getByRole('radio', { name: /^3/ }).click();
    await page.locator('#w').getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => (await harness.site.queued()).find((job) => job.event.touchpoint === 'svelte.page')?.event, { timeout: 10_000 }).toMatchObject({ metric: 'nps', value: 3 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("takes a dark theme, or follows the system's with 'auto'", async () => {
    const body = '<div id="dark" data-feedloop-touchpoint="theme.dark"></div>';
    const background = (page: Page) => page.locator('#dark .v').evaluate((el) => getComputedStyle(el).backgroundColor);
    const { page } = await open(harness.site.page('/dark', widgetPage(harness.site, { body, script: `Feedloop.init({ ...window.FEEDLOOP_SITE, theme: 'dark' });` })));
    await expect.poll(() => background(page)).toBe('rgb(28, 33, 40)');
    await page.goto(harness.site.page('/auto', widgetPage(harness.site, { body, script: `Feedloop.init({ ...window.FEEDLOOP_SITE, theme: 'auto' });` })));
    await expect.poll(() => background(page)).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => background(page)).toBe('rgb(28, 33, 40)');
    // The host's custom properties theme it, in any theme.
    const themed = '<div id="dark" style="--feedloop-bg: rgb(250, 240, 230); --feedloop-accent: rgb(120, 20, 60); --feedloop-radius: 2px" data-feedloop-touchpoint="theme.custom" data-feedloop-scale="numbers"></div>';
    await page.goto(harness.site.page('/custom', widgetPage(harness.site, { body: themed, script: `Feedloop.init({ ...window.FEEDLOOP_SITE, theme: 'dark' });` })));
    await expect.poll(() => background(page)).toBe('rgb(250, 240, 230)');
    await page.locator('#dark').getByRole('radio', { name: /^3/ }).click();
    expect(await page.locator('#dark [aria-checked=true]').evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).borderRadius])).toEqual(['rgb(120, 20, 60)', '2px']);
    await page.close();
  });

  it('Feedloop.ask() opens a dialog in the chosen corner that keyboard users can answer and leave', async () => {
    const { page } = await open(
      harness.site.page('/ask', widgetPage(harness.site, { body: '<button id="end">End chat</button>', script: `Feedloop.init({ ...window.FEEDLOOP_SITE, position: 'bottom-left' });
document.getElementById('end').addEventListener('click', () => Feedloop.ask({ touchpoint: 'support.chat', metric: 'csat', interaction: { id: 'conv_9', channel: 'chat', agentId: 'ag_2' } }));` })),
    );
    await page.focus('#end');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeLessThan(40);
    expect(box.y + box.height).toBeGreaterThan(page.viewportSize()!.height - 40);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('FEEDLOOP-POPOVER');
    await page.keyboard.press('End');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('end');
    await expect.poll(async () => (await harness.site.queued()).find((job) => job.event.touchpoint === 'support.chat')?.event, { timeout: 10_000 }).toMatchObject({
      value: 5,
      interaction: { id: 'conv_9', channel: 'chat', agentId: 'ag_2' },
    });
    await page.close();
  });
});

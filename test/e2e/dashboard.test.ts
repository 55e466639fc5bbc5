import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@feedloop/ingest';
import { createLogger, parseConfig } from '@feedloop/runtime';
import type { WireEvent } from '@feedloop/schema';
import { startWorker, type RunningWorker } from '@feedloop/worker';
import { launchChromium } from '../helpers/browser.js';
import { ORIGIN, PUBLIC_KEY, SECRET_KEY } from '../helpers/config.js';
import { postAsBrowser, wireEvent } from '../helpers/events.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../helpers/redis.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DAY = 86_400_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY).toISOString();
const today = ago(0).slice(0, 10);
const monthAgo = ago(29).slice(0, 10);

// One site with a secret key and a CSAT target (≥ 85 % over 7 days, judged from 3 responses), as in the config file.
const config = parseConfig(
  {
    redis: { url: REDIS_URL, prefix: randomPrefix() },
    sites: [{ id: 'shop', publicKey: PUBLIC_KEY, secretKey: { env: 'TEST_SECRET_KEY' }, origins: [ORIGIN] }],
    insights: { targets: [{ metric: 'csat', touchpoint: '*', min: 85, minResponses: 3, windowDays: 7 }] },
    destinations: [],
  },
  { TEST_SECRET_KEY: SECRET_KEY },
);

const chat = (agentId: string) => ({ channel: 'chat' as const, agentId });
const NEGATIVE = 'terrible, the courier was late and rude';
const POSITIVE = 'great service, very fast';
// Ratings of the last 30 days (some backdated: counted on their own day), and two of the 30 days before.
const events: WireEvent[] = [
  wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 5 }),
  wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 4, createdAt: ago(1) }),
  wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 2, comment: NEGATIVE }),
  wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 5, createdAt: ago(1), interaction: chat('ana'), comment: POSITIVE }),
  wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 4, interaction: chat('ana') }),
  wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 3, createdAt: ago(3), interaction: chat('ben') }),
  wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 1, interaction: { channel: 'email', agentId: 'ben' } }),
  wireEvent({ touchpoint: 'checkout', metric: 'nps', value: 10 }),
  wireEvent({ touchpoint: 'checkout', metric: 'nps', value: 9 }),
  wireEvent({ touchpoint: 'checkout', metric: 'nps', value: 8 }),
  wireEvent({ touchpoint: 'checkout', metric: 'nps', value: 6 }),
  wireEvent({ touchpoint: 'onboarding', metric: 'ces', value: 6, comment: 'ok' }),
  wireEvent({ touchpoint: 'onboarding', metric: 'ces', value: 5 }),
  wireEvent({ touchpoint: 'onboarding', metric: 'ces', value: 2 }),
  wireEvent({ touchpoint: 'help.article', metric: 'thumbs', value: 1 }),
  wireEvent({ touchpoint: 'help.article', metric: 'thumbs', value: 1 }),
  wireEvent({ touchpoint: 'help.article', metric: 'thumbs', value: 0 }),
  wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 5, createdAt: ago(40) }),
  wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 5, createdAt: ago(41) }),
];
const recent = events.filter((e) => e.createdAt > ago(30));
const values = (metric: string, touchpoint = /.*/) => recent.filter((e) => e.metric === metric && touchpoint.test(e.touchpoint)).map((e) => e.value);

// The headlines worked out from what was posted, written as the dashboard writes them.
const oneDecimal = (x: number) => String(Math.round(x * 10) / 10);
const share = (list: number[], ok: (v: number) => boolean) => (100 * list.filter(ok).length) / list.length;
const csat = values('csat');
const nps = values('nps');
const ces = values('ces');
const expected = {
  csat: `${oneDecimal(share(csat, (v) => v >= 4))}%`, // 4 of 7 satisfied: 57.1%
  nps: `+${oneDecimal(share(nps, (v) => v >= 9) - share(nps, (v) => v <= 6))}`, // 2 promoters, 1 detractor of 4: +25
  ces: String(Math.round((100 * ces.reduce((a, b) => a + b, 0)) / ces.length) / 100), // 13 / 3: 4.33
  cesEasy: `${oneDecimal(share(ces, (v) => v >= 5))}% easy (5–7)`,
  thumbs: `${oneDecimal(share(values('thumbs'), (v) => v === 1))}%`,
  csatSupport: `${oneDecimal(share(values('csat', /^support\./), (v) => v >= 4))}%`, // 2 of 4: 50%
};

let app: FastifyInstance;
let worker: RunningWorker;
let url: string;
let browser: Browser;

/** Asks until `read` answers `want` (compared as JSON), or fails after `timeoutMs`. */
async function until(read: () => Promise<unknown>, want: unknown, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let got: unknown;
  while (Date.now() < deadline) {
    got = await read();
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still ${JSON.stringify(got)} after ${timeoutMs} ms, waiting for ${JSON.stringify(want)}`);
}

const api = (path: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } }).then((r) => r.json());

beforeAll(async () => {
  app = await buildApp(config);
  worker = await startWorker(config, { logger: createLogger({ level: 'silent' }) });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  expect((await postAsBrowser(app, { batch: events })).statusCode).toBe(202);
  // Counted by the worker through the real pipeline: intake stream, pump, events queue, counters, comments.
  const counted = async () => {
    const answers = await Promise.all(['csat', 'nps', 'ces', 'thumbs'].map((metric) => api(`/v1/insights?site=shop&metric=${metric}&from=${monthAgo}&to=${today}`)));
    return answers.map((answer) => answer.total?.count);
  };
  await until(counted, [csat.length, nps.length, ces.length, 3]);
  await until(async () => (await api('/v1/insights/comments?site=shop')).comments?.length, 3);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await worker?.close();
  await deletePrefix(config.redis.prefix);
});

/** A page that records CSP violations, script errors and console errors (but the 401 of a wrong key). */
async function openDashboard(page: Page) {
  const problems: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => problems.push(`CSP: ${v}`));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)),
  );
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  const response = await page.goto(`${url}/dashboard`);
  expect(response?.status()).toBe(200);
  return problems;
}

const signIn = async (page: Page, key: string) => {
  await page.getByLabel('Site id').fill('shop');
  await page.getByLabel('Secret key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

const card = (page: Page, metric: string) => page.locator(`article.card[data-metric=${metric}]`);
const text = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.replace(/\s+/g, ' ').trim();

async function download(page: Page, button: ReturnType<Page['getByRole']>) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), body: readFileSync((await file.path())!, 'utf8') };
}

describe('the insights dashboard in Chromium', () => {
  it('signs in with the secret key, and shows what the pipeline counted: cards, charts, breakdown, comments, CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const problems = await openDashboard(page);

    // A wrong key is refused by the API and said so; nothing is kept.
    await signIn(page, 'sk_wrong_key_123');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong site or key.');
    expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);

    await signIn(page, SECRET_KEY);
    await card(page, 'csat').waitFor();
    await expect.poll(() => page.locator('article.card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-metric')))).toEqual(['csat', 'nps', 'ces', 'thumbs']);

    // Headline cards: the figures worked out above, responses, interval, change and target.
    const totals = await api(`/v1/insights?site=shop&metric=csat&from=${monthAgo}&to=${today}`);
    expect(await text(page, 'article[data-metric=csat] [data-role=headline]')).toBe(expected.csat);
    expect(await text(page, 'article[data-metric=csat] [data-role=count]')).toBe('7');
    expect(await text(page, 'article[data-metric=csat] [data-role=ci]')).toBe(`${oneDecimal(totals.total.ci95[0])}–${oneDecimal(totals.total.ci95[1])}%`);
    // The previous 30 days had two 5s: 100 % → 57.1 %, too few answers to call it significant.
    expect(await text(page, 'article[data-metric=csat] [data-role=change]')).toBe(`▼ Down ${oneDecimal(share(csat, (v) => v >= 4) - 100)} pts vs previous 30 days (100%) not significant`);
    expect(await page.locator('article[data-metric=csat] [data-role=target]').getAttribute('data-state')).toBe('missed');
    expect(await text(page, 'article[data-metric=csat] [data-role=target]')).toContain(`✗ Missed · target ≥ 85% Last 7 days: ${expected.csat}, 7 responses`);
    expect(await text(page, 'article[data-metric=nps] [data-role=headline]')).toBe(expected.nps);
    expect(await text(page, 'article[data-metric=nps] [data-role=change]')).toBe('Previous 30 days: no responses to compare with');
    expect(await text(page, 'article[data-metric=ces] [data-role=headline]')).toBe(expected.ces);
    expect(await text(page, 'article[data-metric=ces] [data-role=easy]')).toBe(expected.cesEasy);
    expect(await text(page, 'article[data-metric=thumbs] [data-role=headline]')).toBe(expected.thumbs);

    // A chart per metric with data; CSAT's has its target line (dashed, at 85) and a confidence band.
    expect(await page.locator('svg.chart').count()).toBe(4);
    const chart = page.locator('svg.chart[data-metric=csat]');
    expect(await chart.locator('[data-role=target] line').getAttribute('stroke-dasharray')).toBe('6 4');
    expect(await chart.locator('[data-role=target] text').textContent()).toBe('target ≥ 85%');
    expect(await chart.locator('path[data-role=band]').getAttribute('d')).toMatch(/^M[\d. ]+L.*Z$/);
    expect(await chart.locator('path[data-role=line]').getAttribute('d')).toMatch(/^M[\d. ]+L[\d. ]+$/);
    expect(await chart.locator('circle.dot').count()).toBe(3); // three days with CSAT answers
    expect(await page.locator('svg.chart[data-metric=nps] [data-role=target]').count()).toBe(0);
    const targetY = Number(await chart.locator('[data-role=target] line').getAttribute('y1'));
    const [top, bottom] = await chart.locator('.grid line').evaluateAll((lines) => [lines.at(-1)!.getAttribute('y1'), lines[0]!.getAttribute('y1')].map(Number));
    expect(targetY).toBeCloseTo(bottom! + (top! - bottom!) * 0.85, 0);

    // Breakdown of CSAT by touchpoint, channel and agent.
    const rowsOf = (caption: string) =>
      page.locator('table', { has: page.locator('caption', { hasText: caption }) }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 3).map((c) => c.textContent)));
    // The breakdowns load after the overview: wait for their rows rather than read a table still filling.
    await expect.poll(() => rowsOf('CSAT by touchpoint'), { timeout: 10_000 }).toEqual([['support.chat', '4', '50%'], ['checkout', '3', '66.7%']]);
    await expect.poll(() => rowsOf('CSAT by channel'), { timeout: 10_000 }).toEqual([['chat', '3', '66.7%'], ['email', '1', '0%']]);
    await expect.poll(() => rowsOf('CSAT by agent'), { timeout: 10_000 }).toEqual([['ana', '2', '100%'], ['ben', '2', '0%']]);

    // The CSV of a table: named after site, metric, grouping and range; a header and the rows, figures unformatted.
    const byTouchpoint = await api(`/v1/insights?site=shop&metric=csat&from=${monthAgo}&to=${today}&groupBy=touchpoint`);
    const checkout = byTouchpoint.rows.find((r: { key: string }) => r.key === 'checkout');
    const csv = await download(page, page.getByRole('button', { name: 'Download CSV of CSAT by touchpoint' }));
    expect(csv.name).toBe(`feedloop-shop-csat-touchpoint-${monthAgo}-${today}.csv`);
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('touchpoint,responses,csat_headline,ci95_low,ci95_high,satisfied,neutral,dissatisfied');
    expect(lines).toContain(`checkout,3,66.67,${checkout.ci95[0]},${checkout.ci95[1]},2,0,1`);
    expect(lines).toHaveLength(4); // header, two rows, and the final line end

    // Latest comments, with sentiment and topics as the worker found them.
    const negative = page.locator('table.comments tbody tr', { hasText: NEGATIVE });
    await negative.waitFor();
    expect(await page.locator('table.comments tbody tr').count()).toBe(3);
    expect((await negative.locator('[data-role=sentiment]').textContent())?.trim()).toMatch(/^− negative \(-0\.\d+\)$/);
    expect(await negative.locator('[data-role=topics] .chip').allTextContents()).toEqual(['delivery', 'speed', 'staff']);
    expect(await negative.textContent()).toContain('CSAT 2 dissatisfied');
    const positive = page.locator('table.comments tbody tr', { hasText: POSITIVE });
    expect((await positive.locator('[data-role=sentiment]').textContent())?.trim()).toMatch(/^\+ positive \(\+0\.\d+\)$/);
    expect(await positive.textContent()).toContain('chat · ana');
    const comments = await download(page, page.getByRole('button', { name: 'Download CSV of the latest comments' }));
    expect(comments.name).toBe(`feedloop-shop-comments-all-${today}.csv`);
    const commentLines = comments.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(commentLines[0]).toBe('timestamp,touchpoint,metric,value,bucket,comment,sentiment,sentiment_score,topics,channel,agent_id,id');
    expect(commentLines.find((line) => line.includes('courier'))).toMatch(/^[^,]+,checkout,csat,2,dissatisfied,"terrible, the courier was late and rude",negative,-0\.\d+,delivery; speed; staff,,,[\w-]+$/);

    // The key lives in this tab's sessionStorage only: not in localStorage, a cookie or the URL.
    const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('feedloop.dashboard.session'), local: localStorage.length, cookie: document.cookie, url: location.href }));
    expect(JSON.parse(stored.session!)).toEqual({ site: 'shop', key: SECRET_KEY });
    expect(stored).toMatchObject({ local: 0, cookie: '', url: `${url}/dashboard` });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('filters by touchpoint and period, stays signed in on reload, and signs out', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    const problems = await openDashboard(page);
    await signIn(page, SECRET_KEY);
    await card(page, 'nps').waitFor();

    // Support touchpoints only: CSAT of support.chat, and no NPS, CES or thumbs card.
    await page.getByRole('textbox', { name: 'Touchpoint' }).fill('support.*');
    await page.getByRole('textbox', { name: 'Touchpoint' }).press('Enter');
    await expect.poll(() => page.locator('article.card').count()).toBe(1);
    expect(await text(page, 'article[data-metric=csat] [data-role=headline]')).toBe(expected.csatSupport);
    expect(await text(page, '.period')).toContain('touchpoint support.*');

    // The last 7 days: the two older CSAT answers are out of reach, so no comparison.
    await page.getByLabel('Period').selectOption('7');
    await expect.poll(() => text(page, 'article[data-metric=csat] [data-role=change]')).toBe('Previous 7 days: no responses to compare with');
    await page.getByLabel('Charts by').selectOption('week');
    await expect.poll(() => page.locator('svg.chart[data-metric=csat] .x-axis text').first().textContent()).toMatch(/^W\d{2}$/);

    // Nothing wider than the window at 800 px: tables scroll inside their box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);

    // WCAG 2.2 AA by axe-core, run from outside the page (the page's CSP would refuse an injected script).
    await page.evaluate(readFileSync(AXE, 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
      return result.violations.map((v) => `${v.id} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    });
    expect(violations).toEqual([]);

    await page.reload();
    await card(page, 'csat').waitFor();
    expect(await text(page, '[data-role=site]')).toBe('shop');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Secret key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});

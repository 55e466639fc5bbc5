import type { WireEvent } from '@feedloop/schema';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { PUBLIC_KEY } from '../helpers/config.js';
import { sleep, within } from '../helpers/fault-run.js';
import type { PageServer } from '../helpers/page-server.js';

/** What the browsers believe: ratings customers sent, and which of them their outbox saw accepted. */
export interface BrowserRaters {
  /** Every rating a customer sent, as the widget put it in its outbox. */
  submitted: Map<string, WireEvent>;
  /**
   * Ratings gone from the outbox without a rejection: the server answered 2xx (the outbox drops nothing else unless
   * it holds over 50, which these pages never come near). When the run first saw it gone.
   */
  acceptedAt: Map<string, number>;
  /** Ratings the widget reported as refused for good (WIDGET_RATING_REJECTED), with the message. */
  rejected: Map<string, string>;
  /** Sent ratings still waiting in some page's outbox at the last look. */
  readonly pending: number;
  /** Page errors and failed steps, which the report shows. */
  problems: string[];
  /** No new ratings; the outboxes go on sending what they hold. */
  stopRating(): Promise<void>;
  /** Looks at every page's outbox now. */
  look(): Promise<void>;
  close(): Promise<void>;
}

interface PageView {
  submitted: WireEvent[];
  outbox: string[];
  rejected: string[];
}

declare global {
  interface Window {
    chaos: { submitted: WireEvent[]; rejected: string[] };
  }
}

/** A page with the script-tag widget that asks again at once (no cooldown) and records what it sent. */
function raterPage(ingestUrl: string): string {
  const init = JSON.stringify({ endpoint: ingestUrl, siteKey: PUBLIC_KEY, cooldown: { answered: 0, dismissed: 0 } });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chaos rater</title></head>
<body><main id="slot"></main>
<script src="/dist/feedloop.iife.js"></script>
<script>
window.chaos = { submitted: [], rejected: [] };
Feedloop.init(${init});
Feedloop.on('submitted', ({ event }) => chaos.submitted.push(event));
Feedloop.on('error', (error) => { if (error.code === 'WIDGET_RATING_REJECTED') chaos.rejected.push(error.message); });
</script></body></html>`;
}

const OUTBOX_PREFIX = 'feedloop:o:';

/** What a page holds; a page that does not answer within 10 s is a failed look, not an empty outbox. */
function view(page: Page): Promise<PageView> {
  const looking = page.evaluate((prefix) => ({
    submitted: window.chaos.submitted,
    outbox: Object.keys(localStorage)
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length)),
    rejected: window.chaos.rejected,
  }), OUTBOX_PREFIX);
  return within(looking, 10_000, 'the page');
}

/** One customer's rating: an NPS score, a comment for about half of them, sent with the widget's own Send. */
async function rate(page: Page, n: number): Promise<void> {
  await page.evaluate((id) => {
    const widget = document.createElement('feedloop-rating');
    widget.id = id;
    widget.setAttribute('touchpoint', 'chaos.browser');
    widget.setAttribute('metric', 'nps');
    document.getElementById('slot')!.replaceChildren(widget);
  }, `r${n}`);
  const widget = page.locator(`#r${n}`);
  const score = Math.floor(Math.random() * 11);
  await widget.getByRole('radio', { name: new RegExp(`^${score}( –|$)`) }).click();
  if (Math.random() < 0.5) await widget.getByRole('textbox').fill(`browser rating ${n}: scored ${score}`);
  const before = await page.evaluate(() => window.chaos.submitted.length);
  await widget.getByRole('button', { name: 'Send' }).click();
  await page.waitForFunction((count) => window.chaos.submitted.length > count, before, { timeout: 10_000 });
}

export async function startBrowserRaters(site: PageServer, ingestUrl: string, options: { pages: number; everyMs: number }): Promise<BrowserRaters> {
  const url = site.page('/rater', raterPage(ingestUrl));
  const browser: Browser = await launchChromium();
  try {
    return await rateIn(browser, url, options);
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function rateIn(browser: Browser, url: string, options: { pages: number; everyMs: number }): Promise<BrowserRaters> {
  const submitted = new Map<string, WireEvent>();
  const acceptedAt = new Map<string, number>();
  const rejected = new Map<string, string>();
  const problems: string[] = [];
  const problem = (text: string) => {
    if (!problems.includes(text)) problems.push(text);
  };
  let rating = true;

  // One context per page: each is a customer with an outbox (localStorage) of their own.
  const pages = await Promise.all(
    Array.from({ length: options.pages }, async (_, i) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (error) => problem(`page ${i}: ${error.message}`));
      await page.goto(url);
      return page;
    }),
  );

  // Per page, as of its last successful look: a page that cannot be looked at any more keeps counting as waiting.
  const waitingByPage = pages.map(() => 0);
  async function look(): Promise<void> {
    const views = await Promise.all(pages.map((page, i) => view(page).catch((error: Error) => void problem(`page ${i}: a look failed: ${error.message.split('\n')[0]}`))));
    const now = Date.now();
    for (const [i, seen] of views.entries()) {
      if (!seen) continue;
      const inOutbox = new Set(seen.outbox);
      for (const message of seen.rejected) {
        const id = /rating ([0-9a-f-]{36})/.exec(message)?.[1];
        if (id) rejected.set(id, message);
      }
      let waiting = 0;
      for (const event of seen.submitted) {
        if (!submitted.has(event.id)) submitted.set(event.id, event);
        if (inOutbox.has(event.id)) waiting += 1;
        else if (!rejected.has(event.id) && !acceptedAt.has(event.id)) acceptedAt.set(event.id, now);
      }
      waitingByPage[i] = waiting;
    }
  }

  const loops = pages.map(async (page, i) => {
    for (let n = 0; rating; n++) {
      const started = Date.now();
      try {
        await rate(page, n);
      } catch (error) {
        if (rating) problem(`page ${i}, rating ${n}: ${(error as Error).message.split('\n')[0]}`);
      }
      await sleep(Math.max(0, options.everyMs - (Date.now() - started)));
    }
  });
  const watcher = (async () => {
    while (rating) {
      await look();
      await sleep(1_000);
    }
  })();

  return {
    submitted,
    acceptedAt,
    rejected,
    get pending() {
      return waitingByPage.reduce((sum, n) => sum + n, 0);
    },
    problems,
    async stopRating() {
      rating = false;
      await Promise.all([...loops, watcher]);
      // A rating chosen but not sent (a step that failed) is released, as when a customer moves on.
      await Promise.all(pages.map((page) => page.evaluate(() => document.getElementById('slot')!.replaceChildren()).catch(() => {})));
      await look();
    },
    look,
    async close() {
      rating = false;
      await browser.close();
      await Promise.all([...loops, watcher]);
    },
  };
}

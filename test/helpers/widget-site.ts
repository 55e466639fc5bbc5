import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '@feedloop/ingest';
import { EVENTS_QUEUE, parseConfig, type EventJob } from '@feedloop/runtime';
import { launchChromium } from './browser.js';
import { startPageServer, type Page } from './page-server.js';
import { startPump } from './pump.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './redis.js';

export const SITE_KEY = 'pk_widget_e2e_0123';

export interface WidgetSite {
  /** Where pages are served from; the ingest server is another origin, as on a real site. */
  origin: string;
  ingestUrl: string;
  /** Serves `body` at `path` of the page origin. */
  page(path: string, page: Page | string): string;
  /** Every rating the real ingest server queued, oldest first. */
  queued(): Promise<EventJob[]>;
  close(): Promise<void>;
}

/**
 * A page origin (pages, the built widget under /dist/) and the real ingest server on another port, with its own
 * Redis key prefix and the widget's language files under /widget/, as `feedloop start` serves them.
 */
export async function startWidgetSite(): Promise<WidgetSite> {
  const pages = await startPageServer();
  const origin = pages.origin;

  const prefix = randomPrefix();
  const config = parseConfig(
    { redis: { url: REDIS_URL, prefix }, ingest: { host: '127.0.0.1', port: 0 }, sites: [{ id: 'shop', publicKey: SITE_KEY, origins: [origin] }], destinations: [] },
    {},
  );
  const app: FastifyInstance = await buildApp(config);
  const ingestUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const queue = new Queue(EVENTS_QUEUE, { connection: { url: REDIS_URL }, prefix });
  const stopPump = startPump(prefix);

  return {
    origin,
    ingestUrl,
    page: pages.page,
    async queued() {
      const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed']);
      return jobs.map((job) => job.data as EventJob).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    },
    async close() {
      await app.close();
      await stopPump();
      await queue.close();
      await pages.close();
      await deletePrefix(prefix);
    },
  };
}

/** A page that loads the script-tag build, starts it and runs `script` (a module, so it may await). */
export function widgetPage(site: WidgetSite, options: { body?: string; script?: string; head?: string; lang?: string } = {}): string {
  return `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>Widget test</title>${options.head ?? ''}</head>
<body>${options.body ?? ''}
<script src="/dist/feedloop.iife.js"></script>
<script>window.FEEDLOOP_SITE = ${JSON.stringify({ endpoint: site.ingestUrl, siteKey: SITE_KEY })};</script>
${options.script ? `<script type="module">${options.script}</script>` : ''}
</body></html>`;
}

/** For a test file: one widget site and one Chromium, started before its tests and stopped after them. */
export function useWidgetSite(): { readonly site: WidgetSite; readonly browser: Browser } {
  const harness = {} as { site: WidgetSite; browser: Browser };
  beforeAll(async () => {
    harness.site = await startWidgetSite();
    harness.browser = await launchChromium();
  });
  afterAll(async () => {
    await harness.browser?.close();
    await harness.site?.close();
  });
  return harness;
}

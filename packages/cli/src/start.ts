import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { buildApp } from '@feedloop/ingest';
import { deepFreeze, loadConfig, onShutdown, type Config, type Logger } from '@feedloop/runtime';
import { startWorker } from '@feedloop/worker';
import { localWebhook, startInbox, type RunningInbox } from './inbox/start-inbox.js';
import { ensureRedis } from './local-redis.js';

export interface StartOptions {
  config: string;
  /** Run the HTTP intake. */
  ingest: boolean;
  /** Run the queue workers. */
  worker: boolean;
  /** A folder served at `/` of the ingest server (a demo or test page). */
  staticDir?: string;
  /** Also run the local webhook inbox at the URL of the first loopback webhook destination. */
  inbox?: boolean;
}

function widgetDist(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@feedloop/widget/feedloop.iife.js'));
}

function withRedisUrl(config: Readonly<Config>, url: string): Readonly<Config> {
  return url === config.redis.url ? config : deepFreeze({ ...config, redis: { ...config.redis, url } });
}

/** Starts what `options` asks for in this process and stops it all on SIGINT/SIGTERM. */
export async function start(options: StartOptions, logger: Logger): Promise<{ stop(): Promise<void>; ingestUrl?: string }> {
  const loaded = await loadConfig(options.config);
  const redis = await ensureRedis(loaded.redis.url, logger);
  const config = withRedisUrl(loaded, redis.url);
  const stops: (() => Promise<void>)[] = [];
  const ready: Record<string, string> = {};

  let inbox: RunningInbox | undefined;
  if (options.inbox) {
    const destination = localWebhook(config);
    if (!destination) throw new Error('--inbox needs a webhook destination whose url is on 127.0.0.1 or localhost');
    inbox = await startInbox(destination, logger);
    ready.inboxUrl = inbox.url;
  }

  const worker = options.worker ? await startWorker(config, { logger }) : undefined;
  if (worker) stops.unshift(() => worker.close());

  if (options.ingest) {
    const app = await buildApp(config, { logger: logger.child({ part: 'ingest' }) });
    await app.register(fastifyStatic, { root: widgetDist(), prefix: '/widget/', decorateReply: false });
    if (options.staticDir) {
      await app.register(fastifyStatic, { root: resolve(options.staticDir), prefix: '/', decorateReply: false });
    }
    const address = await app.listen({ host: config.ingest.host, port: config.ingest.port });
    ready.ingestUrl = address.replace('[::1]', 'localhost');
    // Ingest stops first so that nothing new is accepted while the worker drains.
    stops.unshift(() => app.close());
  }
  if (inbox) stops.push(() => inbox.close());
  stops.push(() => redis.stop());

  const stop = async () => {
    for (const step of stops) await step();
  };
  onShutdown(stop, logger);
  const summary = Object.entries(ready).map(([name, url]) => `${name.replace(/Url$/, '')} ${url}`).join(', ');
  logger.info({ ...ready, redis: redis.url, destinations: config.destinations.map((d) => d.id) }, `feedloop ready: ${summary}`);
  return { stop, ...(ready.ingestUrl ? { ingestUrl: ready.ingestUrl } : {}) };
}

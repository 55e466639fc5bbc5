import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { buildApp } from '@feedloop/ingest';
import { deepFreeze, loadConfig, onShutdown, redactUrl, type Config, type Logger } from '@feedloop/runtime';
import { startWorker } from '@feedloop/worker';
import { localWebhook, startInbox } from './inbox/start-inbox.js';
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

function withRedisUrl(config: Readonly<Config>, url: string): Readonly<Config> {
  return url === config.redis.url ? config : deepFreeze({ ...config, redis: { ...config.redis, url } });
}

/** Runs every step, in order, even when one fails; the first failure is thrown at the end. */
async function runAll(steps: (() => Promise<void>)[], logger: Logger): Promise<void> {
  let failure: unknown;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      logger.error({ err: error }, 'a part did not stop cleanly');
      failure ??= error;
    }
  }
  if (failure) throw failure;
}

/** Starts what `options` asks for in this process and stops it all on SIGINT/SIGTERM. */
export async function start(options: StartOptions, logger: Logger): Promise<{ stop(): Promise<void>; ingestUrl?: string }> {
  const loaded = await loadConfig(options.config);
  const redis = await ensureRedis(loaded.redis.url, logger);
  const config = withRedisUrl(loaded, redis.url);
  // Stopped in order: ingest first so nothing new is accepted, then the worker drains, then the rest.
  const stops: (() => Promise<void>)[] = [() => redis.stop()];
  const stop = () => runAll(stops, logger);
  const ready: Record<string, string> = {};

  try {
    if (options.inbox) {
      const destination = localWebhook(config);
      if (!destination) throw new Error('--inbox needs a webhook destination whose url is on 127.0.0.1 or localhost');
      const inbox = await startInbox(destination, logger);
      stops.unshift(() => inbox.close());
      ready.inboxUrl = inbox.url;
    }
    if (options.worker) {
      const worker = await startWorker(config, { logger });
      stops.unshift(() => worker.close());
    }
    if (options.ingest) {
      const app = await buildApp(config, { logger: logger.child({ part: 'ingest' }) });
      stops.unshift(() => app.close());
      if (options.staticDir) {
        await app.register(fastifyStatic, { root: resolve(options.staticDir), prefix: '/', decorateReply: false });
      }
      const address = await app.listen({ host: config.ingest.host, port: config.ingest.port });
      ready.ingestUrl = address.replace('[::1]', 'localhost');
    }
  } catch (error) {
    // Whatever did start (a throwaway redis-server above all) must not outlive us.
    await stop().catch(() => {});
    throw error;
  }

  onShutdown(stop, logger);
  const summary = Object.entries(ready).map(([name, url]) => `${name.replace(/Url$/, '')} ${url}`).join(', ');
  logger.info({ ...ready, redis: redactUrl(redis.url), destinations: config.destinations.map((d) => d.id) }, `feedloop ready: ${summary}`);
  return { stop, ...(ready.ingestUrl ? { ingestUrl: ready.ingestUrl } : {}) };
}

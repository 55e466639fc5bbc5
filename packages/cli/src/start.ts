import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { buildApp } from '@feedloop/ingest';
import { deepFreeze, loadConfig, onShutdown, describeRedis, redactUrl, type Config, type Logger } from '@feedloop/runtime';
import { registerAdmin, startWorker, startWorkerServer, type RunningWorker } from '@feedloop/worker';
import { localWebhook, startInbox } from './inbox/start-inbox.js';
import { ensureCluster, ensureRedis } from './local-redis.js';

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
  const redis = loaded.redis.cluster ? await ensureCluster(loaded.redis.cluster.nodes, loaded.redis.url) : await ensureRedis(loaded.redis.url, logger);
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
    let worker: RunningWorker | undefined;
    if (options.worker) {
      const running = await startWorker(config, { logger });
      worker = running;
      stops.unshift(() => running.close());
      if (!options.ingest && config.worker.port !== undefined) {
        const server = await startWorkerServer(config, running, logger.child({ part: 'worker' }));
        stops.unshift(() => server.app.close());
        ready.workerUrl = server.url;
      }
    }
    if (options.ingest) {
      // In one process, the worker's metrics and admin pages are served by the ingest server.
      const app = await buildApp(config, { logger: logger.child({ part: 'ingest' }), ...(worker ? { metrics: [worker.metrics] } : {}) });
      stops.unshift(() => app.close());
      if (worker && config.admin.secret) await registerAdmin(app, { queues: [...worker.queues.values()], secret: config.admin.secret });
      if (options.staticDir) {
        await app.register(fastifyStatic, { root: resolve(options.staticDir), prefix: '/', decorateReply: false });
      }
      const address = await app.listen({ host: config.ingest.host, port: config.ingest.port });
      ready.ingestUrl = address.replace('[::1]', 'localhost');
      // The dashboard signs in with a site's secret key: without one it has nobody to let in.
      if (config.sites.some((site) => site.secretKey)) ready.dashboardUrl = `${ready.ingestUrl}/dashboard`;
    }
  } catch (error) {
    // Whatever did start (a throwaway redis-server above all) must not outlive us.
    await stop().catch(() => {});
    throw error;
  }

  // The worker may take `worker.shutdownMs` to let jobs in flight finish; the rest closes in a few seconds.
  onShutdown(stop, logger, config.worker.shutdownMs + 5_000);
  const summary = Object.entries(ready).map(([name, url]) => `${name.replace(/Url$/, '')} ${url}`).join(', ');
  logger.info({ ...ready, redis: config.redis.cluster ? describeRedis(config.redis) : redactUrl(redis.url), destinations: config.destinations.map((d) => d.id) }, `feedloop ready: ${summary}`);
  return { stop, ...(ready.ingestUrl ? { ingestUrl: ready.ingestUrl } : {}) };
}

import { connectRedis, duplicateRedis, describeRedis, whenReady, type Config, type Logger } from '@feedloop/runtime';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { errorBody, LIMITS, wireJsonSchema } from '@feedloop/schema';
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { RedisClient } from '@feedloop/runtime';
import { Registry } from 'prom-client';
import { registerBodyParsers } from './body-parsers.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { sendError } from './error-handler.js';
import { EventQueue } from './event-queue.js';
import { eventsRoute } from './events-route.js';
import { insightsRoute } from './insights/insights-route.js';
import { createIngestMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { RateLimiter } from './rate-limiter.js';
import { widgetRoutes } from './widget-assets.js';

const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export interface IngestOptions {
  config: Readonly<Config>;
  /** A producer connection to reuse; by default ingest opens (and closes) its own. */
  redis?: RedisClient;
  /** Other registries served with ingest's own at `/metrics`: a worker's, when both run in one process. */
  metrics?: readonly Registry[];
}

/**
 * The intake as an encapsulated Fastify plugin: mount it in your own server, or use `buildApp`.
 * Its error handler and body parsers apply to its routes only.
 */
export const feedloopIngest: FastifyPluginAsync<IngestOptions> = async (app, { config, redis: given, metrics: others = [] }) => {
  const redis = given ?? connectRedis(config.redis, 'producer');
  const noteError = (error: Error) => app.log.debug({ err: error }, 'redis connection error');
  redis.on('error', noteError);
  const queue = new EventQueue(redis, config.redis.prefix, noteError);
  // Rate-limit counts go to Redis on their own connection, a few times a second (rate-limiter.ts).
  const counters = duplicateRedis(redis);
  counters.on('error', noteError);
  const limiter = new RateLimiter(counters, config.redis.prefix);
  // Insights reads on a connection of their own: a long range must not hold up the events queued on `redis`.
  const reads = duplicateRedis(redis);
  reads.on('error', noteError);
  app.addHook('onClose', async () => void reads.disconnect());
  // Give Redis a moment so the first requests do not meet a connection still opening;
  // if it stays away, start anyway and answer 503 until it is back.
  const [ready] = await Promise.all([whenReady(redis, 2_000), whenReady(counters, 2_000), whenReady(reads, 2_000)]);
  if (!ready) app.log.warn({ redis: describeRedis(config.redis) }, 'Redis is not reachable yet: answering 503 until it is');
  app.addHook('onClose', async () => {
    await queue.close();
    limiter.close();
    counters.disconnect();
    if (!given) redis.disconnect();
  });

  const metrics = createIngestMetrics(queue);
  app.setErrorHandler(sendError);
  registerBodyParsers(app);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const code = request.feedloopCode ?? (reply.statusCode < 400 ? 'OK' : 'UNKNOWN');
    metrics.requests.inc({ route, status: reply.statusCode, code });
    // No URL (its query may hold the key), no IP, no headers: what happened, to which site, how fast.
    const line = { method: request.method, route, status: reply.statusCode, code, site: request.feedloopSite?.id, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (reply.statusCode >= 400) request.log.info(line, 'request refused');
    else request.log.debug(line, 'request');
  });
  eventsRoute(app, config, { queue, limiter, metrics });
  insightsRoute(app, config, reads);
  widgetRoutes(app);
  dashboardRoutes(app);
  const schema = wireJsonSchema();
  const openapi = openApiDocument(VERSION);
  app.get('/v1/schema.json', async (_request, reply) => reply.header('access-control-allow-origin', '*').send(schema));
  app.get('/openapi.json', async (_request, reply) => reply.header('access-control-allow-origin', '*').send(openapi));
  const served = others.length > 0 ? Registry.merge([metrics.registry, ...others]) : metrics.registry;
  app.get('/metrics', async (_request, reply) => reply.type(served.contentType).send(await served.metrics()));

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = redis.status === 'ready';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', redis: redis.status });
  });
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The registry code of the answer (ACCEPTED for a 202), for metrics and the log. */
    feedloopCode?: string;
  }
}

export interface BuildAppOptions {
  logger?: Logger | boolean;
  redis?: RedisClient;
  /** Other registries served at `/metrics` with ingest's own. */
  metrics?: readonly Registry[];
}

/** A ready-to-listen Fastify server with the intake on it. */
export async function buildApp(config: Readonly<Config>, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { logger = false } = options;
  const app = Fastify({
    ...(typeof logger === 'boolean' ? { logger } : { loggerInstance: logger }),
    bodyLimit: LIMITS.requestBytes,
    trustProxy: config.ingest.trustProxy.length > 0 ? [...config.ingest.trustProxy] : false,
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    // A caller's (or a proxy's) X-Request-Id is kept; otherwise a UUID. Every log line of the request carries it.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // The intake logs one line of its own per request, without URL, IP or headers.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  // Closing (SIGTERM): the requests in flight finish, and their keep-alive connections end with them instead of
  // holding the shutdown open for the keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => void (closing = true));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  // Routes the intake does not have answer in its shape too: a 404, or a broken body on PUT /v1/events.
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody('NOT_FOUND')));
  app.setErrorHandler(sendError);
  await app.register(feedloopIngest, { config, ...(options.redis ? { redis: options.redis } : {}), ...(options.metrics ? { metrics: options.metrics } : {}) });
  return app;
}

import { createRedis, redactUrl, whenReady, type Config, type Logger } from '@feedloop/runtime';
import { errorBody, LIMITS } from '@feedloop/schema';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import { registerBodyParsers } from './body-parsers.js';
import { sendError } from './error-handler.js';
import { EventQueue } from './event-queue.js';
import { eventsRoute } from './events-route.js';
import { RateLimiter } from './rate-limiter.js';

export interface IngestOptions {
  config: Readonly<Config>;
  /** A producer connection to reuse; by default ingest opens (and closes) its own. */
  redis?: Redis;
}

/**
 * The intake as an encapsulated Fastify plugin: mount it in your own server, or use `buildApp`.
 * Its error handler and body parsers apply to its routes only.
 */
export const feedloopIngest: FastifyPluginAsync<IngestOptions> = async (app, { config, redis: given }) => {
  const redis = given ?? createRedis(config.redis.url, 'producer');
  const noteError = (error: Error) => app.log.debug({ err: error }, 'redis connection error');
  redis.on('error', noteError);
  const queue = new EventQueue(redis, config.redis.prefix, noteError);
  // Rate-limit counts go on their own auto-pipelined connection: concurrent requests share round trips.
  const counters = redis.duplicate({ enableAutoPipelining: true });
  counters.on('error', noteError);
  const limiter = new RateLimiter(counters, config.redis.prefix);
  // Give Redis a moment so the first requests do not meet a connection still opening;
  // if it stays away, start anyway and answer 503 until it is back.
  if (!(await whenReady(redis, 2_000))) app.log.warn({ redis: redactUrl(config.redis.url) }, 'Redis is not reachable yet: answering 503 until it is');
  app.addHook('onClose', async () => {
    await queue.close();
    counters.disconnect();
    if (!given) redis.disconnect();
  });

  app.setErrorHandler(sendError);
  registerBodyParsers(app);
  eventsRoute(app, config, { queue, limiter });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = redis.status === 'ready';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', redis: redis.status });
  });
};

export interface BuildAppOptions {
  logger?: Logger | boolean;
  redis?: Redis;
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
  }) as unknown as FastifyInstance;
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody('NOT_FOUND')));
  await app.register(feedloopIngest, { config, ...(options.redis ? { redis: options.redis } : {}) });
  return app;
}

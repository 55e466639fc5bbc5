import { describeRedis, type Config, type Logger } from '@feedloop/runtime';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { registerAdmin } from './admin/admin-routes.js';
import type { RunningWorker } from './start-worker.js';

/**
 * The HTTP side of a worker-only process: `/metrics` for Prometheus, `/healthz` and `/readyz` for the orchestrator,
 * and Bull Board at `/admin/queues` when `admin.secret` is set. Not started unless `worker.port` is configured.
 */
export async function startWorkerServer(config: Readonly<Config>, worker: RunningWorker, logger: Logger): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }) }) as unknown as FastifyInstance;
  app.get('/metrics', async (_request, reply) => reply.type(worker.metrics.contentType).send(await worker.metrics.metrics()));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = worker.isReady();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable' });
  });
  if (config.admin.secret) await registerAdmin(app, { queues: [...worker.queues.values()], secret: config.admin.secret });
  const address = await app.listen({ host: config.worker.host, port: config.worker.port ?? 0 });
  logger.debug({ redis: describeRedis(config.redis) }, 'worker server listening');
  return { app, url: address };
}

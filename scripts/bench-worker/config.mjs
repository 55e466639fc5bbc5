// What the ingest and the worker under test are configured with.
import { SITE } from './events.mjs';

export const PREFIX = 'bench';
export const DESTINATION = 'sink';

/**
 * One site, one webhook destination at the receiver (defaults otherwise), on the throwaway Redis; the diagnosis switches
 * `deliveryConcurrency` and `workerRedisOptions` when set.
 */
export function benchConfig({ redisUrl, sink, deliveryConcurrency, workerRedisOptions }) {
  return {
    config: {
      redis: { url: redisUrl, prefix: PREFIX },
      ingest: { host: '127.0.0.1', port: 0 },
      sites: [
        {
          id: SITE.id,
          publicKey: SITE.publicKey,
          secretKey: { env: 'BENCH_SECRET_KEY' },
          origins: ['*'],
          rateLimit: { perMinute: 1_000_000_000, siteMinute: 1_000_000_000 },
        },
      ],
      destinations: [
        {
          id: DESTINATION,
          type: 'webhook',
          url: sink.url,
          secret: { env: 'BENCH_WEBHOOK_SECRET' },
          allowPrivateNetworks: true,
          ...(deliveryConcurrency ? { concurrency: deliveryConcurrency } : {}),
        },
      ],
    },
    // An explicit env, not process.env: a REDIS_URL there must never send the bench to the shared Redis.
    env: { BENCH_SECRET_KEY: SITE.secretKey, BENCH_WEBHOOK_SECRET: sink.secret },
    ...(workerRedisOptions ? { redisOptions: workerRedisOptions } : {}),
  };
}

// A server for scripts/bench-ingest.mjs to load. It runs in its own process so that the load generator
// never shares its event loop (or its core) with the server it measures.
// Usage: node scripts/bench-ingest-server.mjs hello
//        node scripts/bench-ingest-server.mjs ingest redis://127.0.0.1:PORT
// Prints its URL on stdout once listening; stops on SIGTERM/SIGINT or when stdin closes (the bench is gone).
import Fastify from 'fastify';

const [kind, redisUrl] = process.argv.slice(2);
let app;
if (kind === 'hello') {
  // The baseline: the same framework, the same JSON body parsed, no Redis. What ingest adds is the ratio to this.
  app = Fastify({ logger: false });
  app.post('/hello', async () => ({ hello: 'world' }));
} else if (kind === 'ingest' && /^redis:\/\/127\.0\.0\.1:\d+$/.test(redisUrl ?? '')) {
  const { buildApp } = await import('@feedloop/ingest');
  const { parseConfig } = await import('@feedloop/runtime');
  const config = parseConfig(
    {
      redis: { url: redisUrl, prefix: 'bench' },
      ingest: { host: '127.0.0.1', port: 0 },
      sites: [
        {
          id: 'bench',
          publicKey: 'pk_bench_0123456789',
          // Server-to-server requests (no Origin) are meant to carry the secret key; the bench sends it.
          secretKey: { env: 'BENCH_SECRET_KEY' },
          origins: ['*'],
          // Limits far above any rate this machine reaches: the bench measures throughput, not 429s.
          rateLimit: { perMinute: 1_000_000_000, siteMinute: 1_000_000_000 },
        },
      ],
      destinations: [],
    },
    // An explicit env, not process.env: a REDIS_URL there must never send the bench to the shared Redis.
    { BENCH_SECRET_KEY: 'sk_bench_0123456789abcdef0123456789abcdef' },
  );
  app = await buildApp(config, { logger: false });
} else {
  console.error('usage: bench-ingest-server.mjs hello | ingest redis://127.0.0.1:PORT');
  process.exit(2);
}

const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(url);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The bench holds our stdin open; if it dies without cleaning up, end-of-file still stops us.
process.stdin.on('end', stop).on('close', stop).resume();

// A process under test for scripts/bench-worker.mjs, forked (children.mjs) with an IPC channel so that what it measures
// never shares an event loop with the bench (which runs the webhook sink and the HTTP client). Its first message says
// what to run:
//   { role: 'noop', redisUrl, prefix, queue, concurrency, total, mark }  a plain BullMQ Worker whose processor does nothing
//     (+ then: { queue, concurrency, jobOptions })                      …that adds a job to a second queue, with a no-op Worker
//   { role: 'worker', config, env (, redisOptions) }                    startWorker() from @feedloop/worker
//   { role: 'ingest', config, env }                                     buildApp() from @feedloop/ingest on 127.0.0.1:0
// It answers { type: 'ready' } (with `url` for ingest) once it can work, { type: 'cpu-<seq>', usage, elu } to
// { type: 'cpu', seq }, and stops on { type: 'close' } (answering { type: 'closed', stats }) or when the bench goes away.
// Times are process.hrtime in ms: CLOCK_MONOTONIC, the same clock in every process of the machine (as in clock.mjs).
const now = () => Number(process.hrtime.bigint()) / 1e6;
const send = (message) => process.send?.(message);

let close = async () => {};
let stats = () => ({});
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  try {
    await close();
  } catch (error) {
    console.error(`bench-worker-child: close failed: ${error.message}`);
  }
  send({ type: 'closed', stats: stats() });
  process.exit(0);
}
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());

process.once('message', async (options) => {
  process.on('message', (message) => {
    if (message?.type === 'close') void stop();
    // The bench samples our CPU time just before and just after what it measures.
    // With the event loop's utilisation: how busy the main thread was, which CPU time (all threads) does not say.
    if (message?.type === 'cpu') send({ type: `cpu-${message.seq}`, usage: process.cpuUsage(), elu: performance.eventLoopUtilization() });
  });
  try {
    await run(options);
  } catch (error) {
    console.error(`bench-worker-child (${options?.role}): ${error.stack ?? error}`);
    process.exit(1);
  }
});

async function run(options) {
  const { createLogger, createRedis, parseConfig } = await import('@feedloop/runtime');
  if (options.role === 'noop') {
    const { Queue, Worker } = await import('bullmq');
    const connection = createRedis(options.redisUrl, 'worker');
    const base = { connection, prefix: options.prefix };
    // With `then` (the two-queue shape of ours, without our code): each job adds one job to that queue, with the options
    // fan-out.ts gives a delivery job, and a second no-op Worker at the destination's concurrency takes them.
    const next = options.then ? new Queue(options.then.queue, base) : undefined;
    const processor = next ? async (job) => void (await next.add('deliver', { record: job.data }, { jobId: `${job.id}.sink`, ...options.then.jobOptions })) : async () => {};
    const workers = [new Worker(options.queue, processor, { ...base, concurrency: options.concurrency })];
    if (next) workers.push(new Worker(options.then.queue, async () => {}, { ...base, concurrency: options.then.concurrency }));
    let completed = 0;
    workers.at(-1).on('completed', () => {
      completed++;
      if (completed === options.mark) send({ type: 'mark', at: now() });
      if (completed === options.total) send({ type: 'done', at: now() });
    });
    for (const worker of workers) worker.on('error', (error) => console.error(`bench-worker-child (noop): ${error.message}`));
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    close = async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      await next?.close();
      connection.disconnect();
    };
    send({ type: 'ready' });
  } else if (options.role === 'worker') {
    const { startWorker } = await import('@feedloop/worker');
    const config = parseConfig(options.config, options.env);
    // For diagnosis (BENCH_WORKER_REDIS_OPTIONS): the queue connection with extra ioredis options, e.g. auto-pipelining.
    const redis = options.redisOptions ? createRedis(config.redis.url, 'worker', options.redisOptions) : undefined;
    const running = await startWorker(config, { logger: createLogger({ level: 'silent' }), ...(redis ? { redis } : {}) });
    // Failures are logged (silently here): counted so that a run with retries says so.
    const failed = {};
    for (const worker of running.workers) worker.on('failed', () => (failed[worker.name] = (failed[worker.name] ?? 0) + 1));
    close = async () => {
      await running.close();
      redis?.disconnect();
    };
    stats = () => ({ failed });
    send({ type: 'ready' });
  } else if (options.role === 'ingest') {
    const { buildApp } = await import('@feedloop/ingest');
    const app = await buildApp(parseConfig(options.config, options.env), { logger: false });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    close = () => app.close();
    send({ type: 'ready', url });
  } else {
    throw new Error(`unknown role ${JSON.stringify(options.role)}`);
  }
}


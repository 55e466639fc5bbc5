// How the worker scales out on this machine: the same N event jobs drained through to a webhook receiver by 1, 2 and 4
// worker processes (each startWorker() in a process of its own), on one throwaway Redis and on a throwaway
// three-master Redis Cluster. Reported as events/s and as a ratio to one worker on one Redis, measured in the same run.
// On a machine with few cores the processes share them with Redis and the receiver: the ratios say how much a second
// process helps here, not on a bigger host.
// Usage: npm run build && node scripts/bench-scale.mjs [--json results.json]
//   BENCH_EVENTS (10000) events per run · BENCH_ROUNDS (2) rounds of every setup · BENCH_PROCESSES (1,2,4)
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { connectRedis, EVENTS_QUEUE, QUEUE_STREAMS } from '@feedloop/runtime';
import { Queue } from 'bullmq';
import { startRedisCluster } from 'feedloop';
import { Redis } from 'ioredis';
import { killChildren, startChild, stopChildren } from './bench-worker/children.mjs';
import { benchConfig, PREFIX } from './bench-worker/config.mjs';
import { fail } from './bench-worker/fail.mjs';
import { intFromEnv } from './bench-worker/int-from-env.mjs';
import { startReceiver } from './bench-worker/receiver.mjs';
import { startRedis } from './bench-worker/redis.mjs';
import { fill } from './bench-worker/throughput.mjs';
import { median } from './bench-worker/stats.mjs';

const root = new URL('..', import.meta.url).pathname;
const { values: flags } = parseArgs({ options: { json: { type: 'string' } } });
const EVENTS = intFromEnv('BENCH_EVENTS', 10_000);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 2);
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1,2,4').split(',').map(Number);
if (PROCESSES.some((n) => !Number.isInteger(n) || n < 1)) fail('BENCH_PROCESSES is a comma-separated list of positive integers');

let cluster;
process.on('exit', () => {
  killChildren();
  void cluster?.stop();
});

const sink = await startReceiver();
const single = await startRedis(root);
cluster = await startRedisCluster();
const setups = [
  { name: 'one Redis', redis: { url: single.url }, flush: () => single.admin.flushall() },
  { name: '3-master cluster', redis: { url: cluster.nodes[0], cluster: { nodes: cluster.nodes } }, flush: () => flushCluster(cluster.nodes) },
];

async function flushCluster(nodes) {
  await Promise.all(
    nodes.map(async (node) => {
      const client = new Redis(node);
      try {
        await client.flushall();
      } finally {
        client.disconnect();
      }
    }),
  );
}

/** The events queue of `setup`, paused and filled with `n` jobs as the pump adds them. */
async function filledQueue(setup, n) {
  const queue = new Queue(EVENTS_QUEUE, { connection: connectRedis(setup.redis, 'worker'), prefix: PREFIX, streams: QUEUE_STREAMS });
  await fill(queue, n);
  return queue;
}

/** One run: `processes` workers drain EVENTS jobs through to the sink; events/s from the resume to the last arrival. */
async function run(setup, processes) {
  await setup.flush();
  sink.reset();
  const queue = await filledQueue(setup, EVENTS);
  const { config, env } = benchConfig({ redisUrl: setup.redis.url, sink });
  const workerConfig = { ...config, redis: { ...config.redis, ...(setup.redis.cluster ? { cluster: setup.redis.cluster } : {}) } };
  const workers = await Promise.all(Array.from({ length: processes }, () => startChild({ role: 'worker', config: workerConfig, env }, { cwd: root })));
  try {
    const delivered = sink.waitFor(EVENTS, 30_000);
    const started = performance.now();
    await queue.resume();
    await delivered;
    return EVENTS / ((performance.now() - started) / 1000);
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    const connection = queue.opts.connection;
    await queue.close();
    connection.disconnect();
  }
}

const results = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const setup of setups) {
    for (const processes of PROCESSES) {
      const eventsPerSec = await run(setup, processes);
      results.push({ setup: setup.name, processes, round, eventsPerSec });
    }
  }
}

const medianOf = (setup, processes) => median(results.filter((r) => r.setup === setup && r.processes === processes).map((r) => r.eventsPerSec));
const base = medianOf(setups[0].name, PROCESSES[0]);
console.log(`\nworker scale-out: ${EVENTS.toLocaleString('en')} events per run, median of ${ROUNDS} rounds, one webhook destination`);
console.log(`node ${process.version}, redis ${single.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}\n`);
console.log(`${'setup'.padEnd(18)} ${'processes'.padStart(9)} ${'events/s'.padStart(9)}  vs 1 process on one Redis`);
const table = [];
for (const setup of setups) {
  for (const processes of PROCESSES) {
    const eps = medianOf(setup.name, processes);
    table.push({ setup: setup.name, processes, eventsPerSec: Math.round(eps), ratio: eps / base });
    console.log(`${setup.name.padEnd(18)} ${String(processes).padStart(9)} ${Math.round(eps).toLocaleString('en').padStart(9)}  ${(eps / base).toFixed(2)}×`);
  }
}
if (flags.json) writeFileSync(flags.json, JSON.stringify({ events: EVENTS, rounds: ROUNDS, cpus: os.cpus().length, results, table }, null, 2));

sink.close();
await single.admin.quit();
await stopChildren();
await cluster.stop();

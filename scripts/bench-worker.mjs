// How fast the worker enriches and delivers events, against a BullMQ Worker that does nothing, measured in the same run
// on the same Redis: absolute numbers depend on the machine, the ratio to the baseline is what carries over. A second
// yardstick, a no-op worker whose jobs each add one job to a second queue (the shape of fan-out → delivery, without our
// code), tells what BullMQ alone costs. Then the latency from an accepted POST to the webhook receiver, and the Redis
// memory an event holds at each stage. The parts are in scripts/bench-worker/.
// Usage: node scripts/bench-worker.mjs [--json results.json]
//   BENCH_EVENTS (20000)        events per throughput run      BENCH_ROUNDS (3)   rounds of (a), (b), (c), interleaved
//   BENCH_RATE (200)            POSTs per second, latency run  BENCH_SECONDS (15) measured seconds (after 2 s of warm-up)
//   BENCH_MEMORY_EVENTS (20000) events through the memory run  BENCH_CPU_PROF=dir  the children run with --cpu-prof
//   BENCH_DELIVERY_CONCURRENCY  for diagnosis: the webhook destination's concurrency (default: the config's, 4)
//   BENCH_ONLY=latency          for diagnosis: only some parts (throughput, latency, memory; comma-separated)
//   BENCH_TRACE=1               for diagnosis: where the events of each throughput run are, every 500 ms
//   BENCH_WORKER_REDIS_OPTIONS  for diagnosis: JSON of extra ioredis options for startWorker's queue connection
// Needs redis-server on PATH: the bench starts its own throwaway Redis and never touches the shared one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { killChildren, startChild, stopChildren } from './bench-worker/children.mjs';
import { benchConfig } from './bench-worker/config.mjs';
import { fail } from './bench-worker/fail.mjs';
import { intFromEnv } from './bench-worker/int-from-env.mjs';
import { agent } from './bench-worker/post.mjs';
import { fmt, KINDS, printGoals, printLatency, printMemory, printThroughput, writeJson } from './bench-worker/report.mjs';
import { median } from './bench-worker/stats.mjs';

const root = new URL('..', import.meta.url).pathname;
const GOALS = { ratio: 0.7, p50Ms: 50, p99Ms: 250 }; // the worker issue: throughput and latency at moderate load
const CONCURRENCY = 16; // startWorker's default for the events queue, and the baseline's
const WARMUP_SECONDS = 2;

const { values: flags } = parseArgs({ options: { json: { type: 'string' } } });
const EVENTS = intFromEnv('BENCH_EVENTS', 20_000, 100);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 3);
const RATE = intFromEnv('BENCH_RATE', 200);
const SECONDS = intFromEnv('BENCH_SECONDS', 15);
const MEMORY_EVENTS = intFromEnv('BENCH_MEMORY_EVENTS', 20_000, 100);
const CPU_PROF = process.env.BENCH_CPU_PROF;
/** For diagnosis only: the destination's `concurrency` (the config's default when unset). */
const DELIVERY_CONCURRENCY = process.env.BENCH_DELIVERY_CONCURRENCY ? intFromEnv('BENCH_DELIVERY_CONCURRENCY', 4) : undefined;
const TRACE = Boolean(process.env.BENCH_TRACE);
/** For diagnosis: extra ioredis options (JSON) for the worker's queue connection, e.g. {"enableAutoPipelining":true}. */
const WORKER_REDIS_OPTIONS = process.env.BENCH_WORKER_REDIS_OPTIONS ? JSON.parse(process.env.BENCH_WORKER_REDIS_OPTIONS) : undefined;
/** For diagnosis: `BENCH_ONLY=latency` (or throughput, memory; comma-separated) runs only those parts. */
const ONLY = new Set((process.env.BENCH_ONLY || 'throughput,latency,memory').split(',').map((part) => part.trim()));
for (const part of ONLY) if (!['throughput', 'latency', 'memory'].includes(part)) fail(`BENCH_ONLY takes throughput, latency, memory; got "${part}"`);
/** Throughput is counted from the event at 5% on: the first ones pay for the JIT and the ramp-up of every process. */
const MARK = Math.floor(EVENTS * 0.05);

// Every process we start is killed when we end, however we end.
process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\nbench-worker: ${signal}, stopping`);
    process.exit(130);
  });
}

const dists = ['runtime', 'worker', 'ingest', 'webhooks', 'cli'].map((p) => join(root, `packages/${p}/dist/index.js`));
if (!dists.every(existsSync)) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (!dists.every(existsSync)) fail('the packages are not built; run `npm run build` first');
// Imported only now: these import the packages' dist.
const { startRedis } = await import('./bench-worker/redis.mjs');
const { startReceiver } = await import('./bench-worker/receiver.mjs');
const { throughput } = await import('./bench-worker/throughput.mjs');
const { latency } = await import('./bench-worker/latency.mjs');
const { bounded, memory } = await import('./bench-worker/memory.mjs');

const redis = await startRedis(root);
const sink = await startReceiver();
const configFor = () => benchConfig({ redisUrl: redis.url, sink, deliveryConcurrency: DELIVERY_CONCURRENCY, workerRedisOptions: WORKER_REDIS_OPTIONS });
const bench = {
  redisUrl: redis.url,
  admin: redis.admin,
  sink,
  configFor,
  startChild: (options) => startChild(options, { cwd: root, cpuProf: CPU_PROF }),
};

const machine = { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, redis: redis.version };
console.log(`\nWorker bench: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, Redis ${machine.redis}`);
const cpuTimes = () => os.cpus().reduce(([idle, all], { times: t }) => [idle + t.idle, all + t.idle + t.user + t.nice + t.sys + t.irq], [0, 0]);
const c0 = cpuTimes();
await sleep(1_000);
const c1 = cpuTimes();
const busyBefore = 1 - (c1[0] - c0[0]) / (c1[1] - c0[1]);
console.log(`  ${EVENTS.toLocaleString('en-US')} events per throughput run, ${ROUNDS} rounds; latency at ${RATE} events/s for ${SECONDS} s; memory over ${MEMORY_EVENTS.toLocaleString('en-US')} events`);
console.log(`  throwaway Redis on 127.0.0.1:${redis.port}; CPU busy before start: ${(100 * busyBefore).toFixed(0)}%${busyBefore > 0.1 ? '  (something else is running: the figures will be low)' : ''}\n`);

const runs = [];
let lat;
let mem;
try {
  if (ONLY.has('throughput')) {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const kind of ['baseline', 'twoQueues', 'ours']) {
        process.stdout.write(`  round ${round}, ${KINDS[kind]}: `);
        const r = await throughput(kind, bench, { events: EVENTS, mark: MARK, concurrency: CONCURRENCY, trace: TRACE });
        runs.push({ round, ...r });
        const split = r.fanOut ? `; all fanned out at ${r.fanOut.seconds.toFixed(1)} s, ${fmt(r.fanOut.delivered)} delivered by then` : '';
        console.log(`${fmt(r.steadyEventsPerSec)} events/s (whole run ${fmt(r.eventsPerSec)}/s in ${r.seconds.toFixed(1)} s${split})`);
      }
    }
  }
  if (ONLY.has('latency')) {
    process.stdout.write(`  latency: ${WARMUP_SECONDS} s warm-up, then ${SECONDS} s at ${RATE} POSTs/s … `);
    lat = await latency(bench, { rate: RATE, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS });
    console.log('done');
  }
  if (ONLY.has('memory')) {
    process.stdout.write(`  memory: ${MEMORY_EVENTS.toLocaleString('en-US')} events, stage by stage … `);
    mem = await memory(bench, { events: MEMORY_EVENTS });
    console.log('done');
  }
} catch (error) {
  fail(error.stack ?? error.message);
} finally {
  redis.admin.disconnect();
  agent.destroy();
  sink.close();
  await stopChildren();
}

const goals = [];
let summary;
if (runs.length) {
  const medianOf = (kind, key) => median(runs.filter((r) => r.kind === kind).map((r) => r[key]));
  const base = medianOf('baseline', 'steadyEventsPerSec');
  const ours = medianOf('ours', 'steadyEventsPerSec');
  summary = {
    base,
    ours,
    baseWhole: medianOf('baseline', 'eventsPerSec'),
    oursWhole: medianOf('ours', 'eventsPerSec'),
    ratio: ours / base,
    twoQueues: medianOf('twoQueues', 'steadyEventsPerSec'),
    twoQueuesWhole: medianOf('twoQueues', 'eventsPerSec'),
  };
  const failures = runs.flatMap((r) => Object.values(r.failed)).reduce((n, k) => n + k, 0);
  printThroughput(runs, summary, { rounds: ROUNDS, failures });
  goals.push({ goal: `(c) ≥ ${GOALS.ratio} × (a) events/s`, value: `${summary.ratio.toFixed(2)} × (${fmt(ours)} vs ${fmt(base)})`, pass: summary.ratio >= GOALS.ratio && failures === 0 });
}
if (lat) {
  printLatency(lat);
  const clean = Object.keys(lat.refused).length === 0;
  goals.push(
    { goal: `p50 ≤ ${GOALS.p50Ms} ms, 202 → sink`, value: `${fmt(lat.acceptedToSink.p50, 1)} ms at ${RATE}/s`, pass: lat.acceptedToSink.p50 <= GOALS.p50Ms && clean },
    { goal: `p99 ≤ ${GOALS.p99Ms} ms, 202 → sink`, value: `${fmt(lat.acceptedToSink.p99, 1)} ms at ${RATE}/s`, pass: lat.acceptedToSink.p99 <= GOALS.p99Ms && clean },
  );
}
if (mem) {
  printMemory(mem);
  const counts = mem.stages.delivered.counts;
  goals.push({ goal: 'Redis memory bounded after drain', value: `${fmt(counts.events.completed)} + ${fmt(counts.deliveries.completed)} completed jobs kept, nothing else`, pass: bounded(counts, configFor()) });
}
printGoals(goals);

if (flags.json) {
  const options = { events: EVENTS, rounds: ROUNDS, rate: RATE, seconds: SECONDS, memoryEvents: MEMORY_EVENTS, concurrency: CONCURRENCY, deliveryConcurrency: DELIVERY_CONCURRENCY ?? null, busyBefore };
  writeJson(flags.json, { date: new Date().toISOString(), machine, options, runs, median: summary ?? null, latency: lat ?? null, memory: mem ?? null, goals });
}
process.exit(0);

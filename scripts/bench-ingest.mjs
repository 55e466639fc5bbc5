// How fast the ingest takes events, against a bare Fastify hello-world measured in the same run on the same
// machine: absolute numbers depend on the machine, the ratio to the baseline is what carries over.
// Usage: node scripts/bench-ingest.mjs [--duration S] [--quick] [--connections N] [--json results.json]
// Needs redis-server on PATH: the bench starts its own throwaway Redis and never touches the shared one.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const root = new URL('..', import.meta.url).pathname;
const serverScript = join(root, 'scripts/bench-ingest-server.mjs');
const BATCH = 50;
const GOALS = { ratio: 0.5, batchEventsPerSec: 100_000, p99AtHalfMs: 25 }; // issue 4, "Speed"
const HEADERS = {
  'content-type': 'application/json',
  'x-feedloop-key': 'pk_bench_0123456789',
  // The site's secret key (see bench-ingest-server.mjs): requests without an Origin are server-to-server.
  authorization: 'Bearer sk_bench_0123456789abcdef0123456789abcdef',
};

const { values: flags } = parseArgs({
  options: { duration: { type: 'string' }, quick: { type: 'boolean', default: false }, connections: { type: 'string', default: '50' }, json: { type: 'string' } },
});
const duration = Number(flags.duration ?? (flags.quick ? 3 : 8));
const warmup = flags.quick ? 1 : 2; // seconds; lets V8 optimise and connections settle before anything is counted
const connections = Number(flags.connections);
const fail = (message) => {
  console.error(`bench-ingest: ${message}`);
  process.exit(1); // the 'exit' handler below kills every child
};
if (!(duration > 0)) fail(`--duration must be a positive number of seconds, got "${flags.duration}"`);
if (!Number.isInteger(connections) || connections < 1) fail(`--connections must be a positive integer, got "${flags.connections}"`);

// ---- Children: every process we start is killed when we end, however we end ----
const children = new Set();
function start(command, args, stdio) {
  const child = spawn(command, args, { cwd: root, stdio });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\nbench-ingest: ${signal}, stopping`);
    process.exit(130);
  });
}
// The polite way out: SIGTERM (the servers close their Redis connections), SIGKILL after 3 s.
const stop = (child) =>
  new Promise((resolve) => {
    if (!children.has(child)) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });

// A failed build (someone mid-edit) is not fatal: an older dist is still worth measuring.
const dists = ['packages/ingest/dist/index.js', 'packages/runtime/dist/index.js'].map((p) => join(root, p));
if (!dists.every(existsSync)) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (!dists.every(existsSync)) fail('packages/ingest or packages/runtime is not built; run `npm run build` first');

// ---- 1. A throwaway Redis on a free port: no persistence, loopback only ----
const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
if (probe.error) {
  fail(probe.error.code === 'ENOENT'
    ? 'redis-server is not on PATH; install it (e.g. apt-get install redis-server). The bench starts its own throwaway Redis.'
    : `redis-server --version failed: ${probe.error.message}`);
}
const redisVersion = /v=(\S+)/.exec(probe.stdout)?.[1] ?? 'unknown';
// The CLI's free-port finder and the runtime's PING check; the process itself stays ours, killed however we end.
const { freePort } = await import('feedloop');
const { redisAnswers } = await import('@feedloop/runtime');
const { Redis } = await import('ioredis');
const redisPort = await freePort();
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const redis = start('redis-server', ['--save', '', '--appendonly', 'no', '--port', String(redisPort), '--bind', '127.0.0.1'], ['ignore', 'ignore', 'inherit']);
redis.on('error', (error) => fail(`could not start redis-server: ${error.message}`));
const deadline = Date.now() + 5_000;
while (!(await redisAnswers(redisUrl, 300))) {
  if (!children.has(redis) || Date.now() > deadline) fail(`the throwaway redis-server on port ${redisPort} did not answer PING`);
  await sleep(50);
}
const flushAll = async () => {
  const client = new Redis(redisUrl);
  await client.flushall();
  client.disconnect();
};

// ---- 2. The servers under test, each in its own process; each prints its URL once listening ----
function startServer(...args) {
  const child = start(process.execPath, [serverScript, ...args], ['pipe', 'pipe', 'inherit']);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the ${args[0]} server printed no URL within 15 s`)), 15_000);
    child.on('exit', (code) => reject(new Error(`the ${args[0]} server exited (code ${code}) before listening`)));
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const url = /^http:\/\/127\.0\.0\.1:\d+/m.exec(out)?.[0];
      if (!url) return;
      clearTimeout(timer);
      resolve({ child, url });
    });
  });
}

// ---- 3. Load: fresh UUIDs in every body, or the server's dedupe would turn the run into cheap no-ops ----
// Built as strings from a counter under one random UUID prefix: a crypto UUID and JSON.stringify per event would make
// the load generator, which shares this machine's two cores, the thing being measured.
const run = randomUUID().slice(0, 24);
let counter = 0;
const nextId = () => run + (counter++).toString(16).padStart(12, '0');
const event = (createdAt) => `{"id":"${nextId()}","touchpoint":"checkout","metric":"csat","value":4,"createdAt":"${createdAt}"}`;
const single = () => event(new Date().toISOString());
const batch = () => {
  const now = new Date().toISOString();
  const events = [];
  for (let i = 0; i < BATCH; i++) events.push(event(now));
  return `{"batch":[${events.join(',')}],"sentAt":"${now}"}`;
};

// A request the servers must answer as expected before any load: a changed contract fails loudly, not as a table of 4xx.
async function check(url, path, expected) {
  const response = await fetch(url + path, { method: 'POST', headers: HEADERS, body: single() });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`POST ${path} answered ${response.status} ${text.slice(0, 300)} (expected ${expected})`);
}

async function load(url, path, body, seconds, overallRate) {
  const tally = { accepted: 0, duplicates: 0 };
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: 'POST',
        path,
        headers: HEADERS,
        setupRequest: (request) => ({ ...request, body: body() }),
        // Counted from the 202s themselves: what the server accepted, and what it saw as a repeat.
        onResponse: (status, text) => {
          if (status !== 202) return;
          tally.accepted += Number(/"accepted":(\d+)/.exec(text)?.[1] ?? 0);
          tally.duplicates += Number(/"duplicates":(\d+)/.exec(text)?.[1] ?? 0);
        },
      },
    ],
  });
  return { result, tally };
}

async function scenario(name, url, path, body, { events = false, overallRate } = {}) {
  // Each ingest scenario starts from an empty Redis, so the queue left by the previous one weighs nothing.
  if (events) await flushAll();
  process.stdout.write(`  ${name}: warm-up ${warmup} s, measuring ${duration} s${overallRate ? ` at ${overallRate} req/s` : ''} … `);
  await load(url, path, body, warmup, overallRate);
  const { result, tally } = await load(url, path, body, duration, overallRate);
  console.log('done');
  const seen = tally.accepted + tally.duplicates;
  return {
    scenario: name,
    connections,
    overallRate: overallRate ?? null,
    seconds: result.duration,
    // Both rates over the same span (completed responses / measured seconds), so events/s = req/s × events per 202.
    reqPerSec: result.requests.total / result.duration,
    eventsPerSec: events ? tally.accepted / result.duration : null,
    duplicateShare: events && seen ? tally.duplicates / seen : null,
    p50: result.latency.p50, // ms, 2xx responses only, 1 ms resolution (autocannon's histogram)
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors, // connection errors, timeouts included
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
  };
}

const autocannonVersion = JSON.parse(readFileSync(join(root, 'node_modules/autocannon/package.json'), 'utf8')).version;
const machine = { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, redis: redisVersion, autocannon: autocannonVersion };
console.log(`\nIngest bench: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, Redis ${machine.redis}, autocannon ${machine.autocannon}`);
// On a small machine anything else running (a build, a test suite) moves the numbers: sample the CPU for 1 s first.
const cpuMs = () => os.cpus().reduce(([idle, all], { times: t }) => [idle + t.idle, all + t.idle + t.user + t.nice + t.sys + t.irq], [0, 0]);
const t0 = cpuMs();
await sleep(1_000);
const t1 = cpuMs();
const busyBefore = 1 - (t1[0] - t0[0]) / (t1[1] - t0[1]);
console.log(`  ${connections} connections, ${duration} s per scenario after a ${warmup} s warm-up; throwaway Redis on 127.0.0.1:${redisPort}`);
console.log(`  CPU busy before start: ${(100 * busyBefore).toFixed(0)}%${busyBefore > 0.1 ? '  (something else is running: the figures will be low)' : ''}\n`);

/** Events per second one IntakePump moves from the intake stream into the events queue, over `seconds`. */
async function measurePump(url, seconds = 5) {
  const { createRedis, EVENTS_QUEUE, IntakePump } = await import('@feedloop/runtime');
  const { Queue } = await import('bullmq');
  const connection = createRedis(url, 'worker');
  const queueConnection = createRedis(url, 'worker');
  const queue = new Queue(EVENTS_QUEUE, { connection: queueConnection, prefix: 'bench' });
  const before = await queue.getWaitingCount();
  const pump = new IntakePump({ redis: connection, prefix: 'bench', consumer: 'bench' });
  process.stdout.write(`  pump: moving (c)'s intake into the queue for ${seconds} s … `);
  const started = performance.now();
  pump.start();
  await sleep(seconds * 1000);
  const moved = (await queue.getWaitingCount()) - before;
  const elapsed = (performance.now() - started) / 1000;
  await pump.close();
  await queue.close();
  connection.disconnect();
  queueConnection.disconnect();
  console.log('done');
  return moved / elapsed;
}

let pumpRate;
const results = [];
try {
  const hello = await startServer('hello');
  await check(hello.url, '/hello', 200);
  results.push(await scenario('(a) hello-world', hello.url, '/hello', single));
  await stop(hello.child); // one server at a time: an idle process would still be a process

  const ingest = await startServer('ingest', redisUrl);
  await check(ingest.url, '/v1/events', 202);
  const peak = await scenario('(b) 1 event/request', ingest.url, '/v1/events', single, { events: true });
  results.push(peak);
  results.push(await scenario(`(c) ${BATCH} events/request`, ingest.url, '/v1/events', batch, { events: true }));
  // What (b) and (c) measure is the intake: accepted events held in Redis. Pumps in the worker processes move them
  // into the BullMQ queue, one job each; how fast one pump does that is measured here on (c)'s backlog.
  pumpRate = await measurePump(redisUrl);
  // Latency at half of (b)'s peak: a service is run below saturation, where queueing does not dominate.
  const half = Math.max(1, Math.round(peak.reqPerSec / 2));
  results.push(await scenario('(d) 1 event, half load', ingest.url, '/v1/events', single, { events: true, overallRate: half }));
  await stop(ingest.child);
} catch (error) {
  fail(error.message);
} finally {
  await Promise.all([...children].map(stop));
}

// ---- 4. Report ----
const [a, b, c, d] = results;
const num = (x, digits = 0) => (x == null ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const row = (cells) => `  ${cells[0].padEnd(24)}${cells.slice(1).map((cell, i) => cell.padStart(i < 2 ? 12 : 9)).join('')}`;
console.log(`\n${row(['scenario', 'req/s', 'events/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'])}`);
for (const r of results) console.log(row([r.scenario, num(r.reqPerSec), num(r.eventsPerSec), num(r.p50), num(r.p99), num(r.non2xx), num(r.errors)]));
const dupes = results.filter((r) => r.duplicateShare !== null).map((r) => `${r.scenario.slice(0, 3)} ${(100 * r.duplicateShare).toFixed(3)}%`);
console.log(`\n  duplicates among accepted + duplicate events (from the 202 bodies): ${dupes.join(', ')}`);

const ratio = b.reqPerSec / a.reqPerSec;
// A goal met with errors or non-2xx answers is not met: the numbers would count refusals.
const clean = (...rs) => rs.every((r) => r.non2xx === 0 && r.errors === 0);
const goals = [
  { goal: '(b) ≥ 0.5 × (a) req/s', value: `${ratio.toFixed(2)} ×`, pass: ratio >= GOALS.ratio && clean(b) },
  { goal: `(c) ≥ ${num(GOALS.batchEventsPerSec)} events/s`, value: `${num(c.eventsPerSec)} events/s`, pass: c.eventsPerSec >= GOALS.batchEventsPerSec && clean(c) },
  { goal: `(d) p99 ≤ ${GOALS.p99AtHalfMs} ms at half load`, value: `${num(d.p99)} ms at ${num(d.overallRate)} req/s`, pass: d.p99 <= GOALS.p99AtHalfMs && clean(d) },
];
console.log(`\n  one pump, intake → events queue: ${num(pumpRate)} events/s (every worker process runs one)`);
console.log(`\n  ratio (b)/(a): ${ratio.toFixed(3)}\n`);
for (const { goal, value, pass } of goals) console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${goal.padEnd(32)} ${value}`);
console.log('');

if (flags.json) {
  const options = { duration, warmup, connections, batch: BATCH, busyBefore };
  writeFileSync(flags.json, `${JSON.stringify({ date: new Date().toISOString(), machine, options, scenarios: results, pumpEventsPerSec: pumpRate, ratio, goals }, null, 2)}\n`);
  console.log(`wrote ${flags.json}`);
}

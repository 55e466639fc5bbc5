// What counting a rating for insights costs the worker, and that the cost stays the same whatever is already counted.
// Each scenario runs what the events processor runs per rating (count, then judge the targets that cover it) against a
// throwaway Redis, 16 ratings in flight, and is reported as a ratio to a baseline measured in the same run on the same
// Redis: one `SET NX EX` per rating, the least any idempotent count needs (the counted mark alone).
//   (a) baseline: the counted mark alone
//   (b) count: day hashes per touchpoint, channel and agent, members sets, comments list
//   (c) count + 3 targets judged on 7-day windows
//   (d) count + 3 targets judged on 90-day windows (the longest allowed)
//   (e) (b) again, after HISTORY ratings spread over 365 days, 200 touchpoints and 500 agents: constant cost means ≈ (b)
// Usage: npm run build && node scripts/bench-insights.mjs   BENCH_EVENTS (20000) per run · BENCH_ROUNDS (3) · BENCH_HISTORY (300000)
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseConfig } from '@feedloop/runtime';
import { Redis } from 'ioredis';
import { stopChildren } from './bench-worker/children.mjs';
import { intFromEnv } from './bench-worker/int-from-env.mjs';
import { startRedis, usedMemory } from './bench-worker/redis.mjs';
import { median } from './bench-worker/stats.mjs';
import { createInsightsCounter } from '../packages/worker/dist/insights/count-rating.js';
import { createTargetWatch } from '../packages/worker/dist/insights/watch-targets.js';
import { toRecord } from '../packages/worker/dist/to-record.js';

const root = new URL('..', import.meta.url).pathname;
const EVENTS = intFromEnv('BENCH_EVENTS', 20_000);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 3);
const HISTORY = intFromEnv('BENCH_HISTORY', 300_000);
const IN_FLIGHT = 16;
const DAY_MS = 86_400_000;

const redis = await startRedis(root);
process.on('exit', () => void stopChildren());

const TOUCHPOINTS = ['checkout', 'support.chat', 'support.email', 'help.article', 'onboarding'];
const METRICS = [['csat', 1, 5], ['nps', 0, 10], ['ces', 1, 7]];
const targets = (windowDays) => [
  { metric: 'csat', touchpoint: '*', min: 85, minResponses: 30, windowDays },
  { metric: 'csat', touchpoint: 'support.*', min: 80, minResponses: 30, windowDays },
  { metric: 'nps', touchpoint: '*', min: 30, minResponses: 30, windowDays },
];

function configFor(prefix, insightsTargets) {
  return parseConfig({ redis: { url: redis.url, prefix }, sites: [{ id: 'shop', publicKey: 'pk_bench_0123456789' }], insights: { targets: insightsTargets } });
}

/** A rating as the worker sees it after enrichment; `daysAgo` and the touchpoint/agent pools shape the history. */
function record(i, { daysAgo = 0, touchpoints = TOUCHPOINTS, agents = 20 } = {}) {
  const [metric, min, max] = METRICS[i % METRICS.length];
  const createdAt = new Date(Date.now() - daysAgo * DAY_MS).toISOString();
  const event = {
    id: randomUUID(),
    touchpoint: touchpoints[i % touchpoints.length],
    metric,
    value: min + (i % (max - min + 1)),
    createdAt,
    ...(i % 4 === 0 ? { comment: 'The courier was late again and nobody answered the chat.' } : {}),
    interaction: { channel: i % 2 ? 'chat' : 'email', agentId: `agent-${i % agents}` },
  };
  return toRecord({ site: 'shop', event, receivedAt: createdAt, timestamp: createdAt });
}

/** Runs `step` for `count` ratings with IN_FLIGHT at once; events per second. */
async function rate(count, make, step) {
  const records = Array.from({ length: count }, (_, i) => make(i));
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < records.length) await step(records[next++]);
  }));
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

function scenario(name, insightsTargets) {
  return {
    name,
    async run(round) {
      const prefix = `bench-insights-${name.replace(/\W+/g, '-')}-${round}`;
      const connection = new Redis(redis.url);
      const config = configFor(prefix, insightsTargets);
      const counter = createInsightsCounter(config, connection);
      const watch = createTargetWatch(config, connection);
      try {
        return await rate(EVENTS, (i) => record(i), async (r) => {
          const covering = watch.targetsOf(r);
          await counter.count(r, covering);
          if (covering.length > 0) await watch.judge(r, covering);
        });
      } finally {
        connection.disconnect();
        await redis.admin.eval("for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end", 0, `${prefix}:*`);
      }
    },
  };
}

const baseline = {
  name: '(a) baseline: the counted mark alone (SET NX EX)',
  async run(round) {
    const connection = new Redis(redis.url);
    try {
      return await rate(EVENTS, (i) => i, (i) => connection.set(`bench-insights-mark-${round}:${i}`, '1', 'EX', 3_600, 'NX'));
    } finally {
      connection.disconnect();
      await redis.admin.flushall();
    }
  },
};

const scenarios = [
  baseline,
  scenario('(b) count: histograms, members, comments', []),
  scenario('(c) count + 3 targets, 7-day windows', targets(7)),
  scenario('(d) count + 3 targets, 90-day windows', targets(90)),
];

// (e): the same counting as (b), on a Redis that already holds a year of history for the same site.
const historyPrefix = 'bench-insights-history';
const historyConfig = configFor(historyPrefix, []);
const historyScenario = {
  name: `(e) count, after ${HISTORY.toLocaleString('en')} ratings of history`,
  async run() {
    const connection = new Redis(redis.url);
    try {
      const counter = createInsightsCounter(historyConfig, connection);
      return await rate(EVENTS, (i) => record(i), (r) => counter.count(r));
    } finally {
      connection.disconnect();
    }
  },
};

const results = new Map([...scenarios, historyScenario].map((s) => [s.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const s of scenarios) results.get(s.name).push(await s.run(round));
}
{
  const connection = new Redis(redis.url);
  const counter = createInsightsCounter(historyConfig, connection);
  const spread = Array.from({ length: 200 }, (_, i) => `tp-${i}`);
  const before = await usedMemory(redis.admin);
  await rate(HISTORY, (i) => record(i, { daysAgo: i % 365, touchpoints: spread, agents: 500 }), (r) => counter.count(r));
  const keys = await redis.admin.dbsize();
  console.log(`history: ${HISTORY.toLocaleString('en')} ratings over 365 days, 200 touchpoints, 500 agents → ${keys.toLocaleString('en')} keys, ${((await usedMemory(redis.admin)) - before) / 2 ** 20 | 0} MiB`);
  connection.disconnect();
}
for (let round = 0; round < ROUNDS; round++) results.get(historyScenario.name).push(await historyScenario.run(round));

const base = median(results.get(baseline.name));
console.log(`\ninsights counting: ${EVENTS.toLocaleString('en')} ratings per run, ${IN_FLIGHT} in flight, median of ${ROUNDS} rounds`);
console.log(`node ${process.version}, redis ${redis.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}\n`);
for (const [name, values] of results) {
  const eps = median(values);
  console.log(`${name.padEnd(52)} ${Math.round(eps).toLocaleString('en').padStart(8)} ratings/s  ${(eps / base).toFixed(2)}×  ${(1e6 / eps).toFixed(0).padStart(4)} µs/rating`);
}
await redis.admin.quit();
await stopChildren();

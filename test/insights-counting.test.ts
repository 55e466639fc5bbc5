import { createRequire } from 'node:module';
import { buildApp } from '@feedloop/ingest';
import { createLogger, createRedis, insightsKeys, MAX_MEMBERS, utcDay, type Config, type EventJob } from '@feedloop/runtime';
import type { WireEvent } from '@feedloop/schema';
import { startWorker } from '@feedloop/worker';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createFanOut } from '../packages/worker/src/fan-out.js';
import { createInsightsCounter } from '../packages/worker/src/insights/count-rating.js';
import { createTargetWatch } from '../packages/worker/src/insights/watch-targets.js';
import { toRecord } from '../packages/worker/src/to-record.js';
import { testConfig } from './helpers/config.js';
import { postAsBrowser, wireEvent } from './helpers/events.js';
import { deletePrefix, REDIS_URL } from './helpers/redis.js';

// ioredis computes Redis Cluster slots with this package; it ships no types.
const keySlot = createRequire(import.meta.url)('cluster-key-slot') as (key: string) => number;

const DAY = 86_400;
const logger = createLogger({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Noon (UTC) `daysAgo` days before today: far from any day boundary, whatever the clock says. */
function noonDaysAgo(daysAgo: number): string {
  const today = Date.parse(`${utcDay(Date.now())}T12:00:00Z`);
  return new Date(today - daysAgo * DAY * 1000).toISOString();
}

function dayStartSeconds(timestamp: string): number {
  return Date.parse(`${utcDay(timestamp)}T00:00:00Z`) / 1000;
}

/** A config, a Redis connection, and the prefix deleted afterwards. */
function setup(insights?: Config['insights']) {
  const { config: parsed } = testConfig();
  const config: Readonly<Config> = insights ? { ...parsed, insights } : parsed;
  const redis = createRedis(REDIS_URL, 'worker');
  cleanups.push(async () => {
    await deletePrefix(config.redis.prefix);
    redis.disconnect();
  });
  return { config, redis, keys: insightsKeys(config.redis.prefix, 'shop') };
}

function job(event: WireEvent, site = 'shop'): EventJob {
  return { site, event, receivedAt: new Date().toISOString(), timestamp: event.createdAt };
}

async function keysUnder(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.sort();
}

describe('insights counters', () => {
  it('counts every rating through ingest and the worker: histograms per touchpoint, channel and agent, and their members', async () => {
    const { config, redis, keys } = setup();
    const app = await buildApp(config);
    const worker = await startWorker(config, { logger });
    cleanups.push(
      () => app.close(),
      () => worker.close(),
    );
    const createdAt = noonDaysAgo(1);
    const day = utcDay(createdAt);
    const chat = (agentId?: string) => ({ interaction: { channel: 'chat' as const, ...(agentId ? { agentId } : {}) } });
    const events = [
      wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 5, createdAt }),
      wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 5, createdAt }),
      wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 2, createdAt }),
      wireEvent({ touchpoint: 'checkout', metric: 'nps', value: 9, createdAt }),
      wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 4, createdAt, ...chat('maya') }),
      wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 1, createdAt, ...chat('leo') }),
      wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 4, createdAt, ...chat() }),
      wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 3, createdAt, interaction: { agentId: 'maya' } }),
    ];
    // One by one, without `sentAt`: the timestamp is the `createdAt` itself (no skew correction to move the day).
    const answers = await Promise.all(events.map((event) => postAsBrowser(app, event)));
    expect(answers.map((a) => a.statusCode)).toEqual(events.map(() => 202));

    await expect
      .poll(async () => (await keysUnder(redis, keys.counted('*'))).length, { timeout: 10_000 })
      .toBe(events.length);

    expect(await redis.hgetall(keys.day('csat', 'tp', 'checkout', day))).toEqual({ '5': '2', '2': '1' });
    expect(await redis.hgetall(keys.day('nps', 'tp', 'checkout', day))).toEqual({ '9': '1' });
    expect(await redis.hgetall(keys.day('csat', 'tp', 'support.chat', day))).toEqual({ '4': '2', '1': '1', '3': '1' });
    expect(await redis.hgetall(keys.day('csat', 'ch', 'support.chat|chat', day))).toEqual({ '4': '2', '1': '1' });
    expect(await redis.hgetall(keys.day('csat', 'ag', 'support.chat|maya', day))).toEqual({ '4': '1', '3': '1' });
    expect(await redis.hgetall(keys.day('csat', 'ag', 'support.chat|leo', day))).toEqual({ '1': '1' });

    expect((await redis.smembers(keys.members('csat', 'tp'))).sort()).toEqual(['checkout', 'support.chat']);
    expect(await redis.smembers(keys.members('nps', 'tp'))).toEqual(['checkout']);
    expect(await redis.smembers(keys.members('csat', 'ch'))).toEqual(['support.chat|chat']);
    expect((await redis.smembers(keys.members('csat', 'ag'))).sort()).toEqual(['support.chat|leo', 'support.chat|maya']);
    // Nothing without a channel or agent lands in those dimensions.
    expect(await redis.exists(keys.members('nps', 'ch'), keys.members('nps', 'ag'))).toBe(0);
  });

  it('counts once when the enrich job runs twice', async () => {
    const { config, redis, keys } = setup();
    const fanOut = createFanOut(config, redis, { enrich: toRecord, onError: () => {} });
    cleanups.push(() => fanOut.close());
    const event = wireEvent({ touchpoint: 'support.chat', metric: 'nps', value: 6, createdAt: noonDaysAgo(0), interaction: { channel: 'phone', agentId: 'sam' } });
    const queued = { data: job(event) } as Job<EventJob>;
    await fanOut.process(queued);
    await fanOut.process(queued);

    const day = utcDay(event.createdAt);
    expect(await redis.hgetall(keys.day('nps', 'tp', 'support.chat', day))).toEqual({ '6': '1' });
    expect(await redis.hgetall(keys.day('nps', 'ch', 'support.chat|phone', day))).toEqual({ '6': '1' });
    expect(await redis.hgetall(keys.day('nps', 'ag', 'support.chat|sam', day))).toEqual({ '6': '1' });

    const counter = createInsightsCounter(config, redis);
    expect(await counter.count(toRecord(job(event)))).toBe(false);
    expect(await counter.count(toRecord(job(wireEvent({ createdAt: event.createdAt }))))).toBe(true);
  });

  it('keeps each day for the retention after that day, and drops a rating already older than it', async () => {
    const { config, redis, keys } = setup();
    const counter = createInsightsCounter(config, redis);
    expect(config.insights.retentionDays).toBe(400);
    const createdAt = noonDaysAgo(2);
    await counter.count(toRecord(job(wireEvent({ createdAt }))));
    const expected = dayStartSeconds(createdAt) + 400 * DAY - Math.floor(Date.now() / 1000);
    const ttl = await redis.ttl(keys.day('csat', 'tp', 'checkout', utcDay(createdAt)));
    expect(Math.abs(ttl - expected)).toBeLessThanOrEqual(5);
    expect(Math.abs((await redis.ttl(keys.members('csat', 'tp'))) - expected)).toBeLessThanOrEqual(5);
    // The counted mark outlives retries, not the retention.
    const [mark] = await keysUnder(redis, keys.counted('*'));
    expect(await redis.ttl(mark!)).toBeGreaterThan(29 * DAY);

    const short = setup({ retentionDays: 1, targets: [], detractorAlerts: true, readsPerMinute: 600 });
    const shortCounter = createInsightsCounter(short.config, short.redis);
    const today = noonDaysAgo(0);
    await shortCounter.count(toRecord(job(wireEvent({ touchpoint: 'checkout', createdAt: today }))));
    const membersTtl = await short.redis.ttl(short.keys.members('csat', 'tp'));

    // Three days old with one day of retention: counted (marked) but nothing kept, and nothing else lost.
    const old = noonDaysAgo(3);
    expect(await shortCounter.count(toRecord(job(wireEvent({ touchpoint: 'returns', createdAt: old, interaction: { channel: 'email', agentId: 'ana' } }))))).toBe(true);
    const oldDay = utcDay(old);
    expect(
      await short.redis.exists(
        short.keys.day('csat', 'tp', 'returns', oldDay),
        short.keys.day('csat', 'ch', 'returns|email', oldDay),
        short.keys.day('csat', 'ag', 'returns|ana', oldDay),
        short.keys.members('csat', 'ch'),
        short.keys.members('csat', 'ag'),
      ),
    ).toBe(0);
    expect(await short.redis.smembers(short.keys.members('csat', 'tp'))).toEqual(['checkout']);
    expect(await short.redis.hgetall(short.keys.day('csat', 'tp', 'checkout', utcDay(today)))).toEqual({ '4': '1' });

    // A late rating of yesterday (still kept with three days of retention) does not pull the members' expiry, nor
    // today's counters, back to yesterday's.
    const three = setup({ retentionDays: 3, targets: [], detractorAlerts: true, readsPerMinute: 600 });
    const threeCounter = createInsightsCounter(three.config, three.redis);
    await threeCounter.count(toRecord(job(wireEvent({ touchpoint: 'checkout', createdAt: today }))));
    const before = await three.redis.ttl(three.keys.members('csat', 'tp'));
    await threeCounter.count(toRecord(job(wireEvent({ touchpoint: 'checkout', createdAt: noonDaysAgo(1) }))));
    expect(await three.redis.ttl(three.keys.members('csat', 'tp'))).toBeGreaterThanOrEqual(before - 2);
    expect(before).toBeGreaterThan(2 * 86_400);
    expect(membersTtl).toBeGreaterThan(0);

    // A lowered retention does not wipe a day already kept: its expiry is never moved sooner.
    const dayKey = three.keys.day('csat', 'tp', 'checkout', utcDay(today));
    const dayTtl = await three.redis.ttl(dayKey);
    const lowered = createInsightsCounter({ ...three.config, insights: { ...three.config.insights, retentionDays: 1 } }, three.redis);
    await lowered.count(toRecord(job(wireEvent({ touchpoint: 'checkout', createdAt: today }))));
    expect(await three.redis.hgetall(dayKey)).toEqual({ '4': '2' });
    expect(await three.redis.ttl(dayKey)).toBeGreaterThanOrEqual(dayTtl - 2);
  });

  it('breaks down at most MAX_MEMBERS agents per site and metric; more still count in the total', async () => {
    const { config, redis, keys } = setup();
    const counter = createInsightsCounter(config, redis);
    const members = keys.members('csat', 'ag');
    await redis.sadd(members, ...Array.from({ length: MAX_MEMBERS }, (_, i) => `checkout|filler-${i}`));
    const createdAt = noonDaysAgo(0);
    await counter.count(toRecord(job(wireEvent({ touchpoint: 'checkout', createdAt, interaction: { channel: 'chat', agentId: 'one-too-many' } }))));
    await counter.count(toRecord(job(wireEvent({ touchpoint: 'checkout', createdAt, interaction: { channel: 'chat', agentId: 'filler-7' } }))));
    expect(await redis.scard(members)).toBe(MAX_MEMBERS);
    expect(await redis.exists(keys.day('csat', 'ag', 'checkout|one-too-many', utcDay(createdAt)))).toBe(0);
    expect(await redis.hgetall(keys.day('csat', 'ag', 'checkout|filler-7', utcDay(createdAt)))).toEqual({ '4': '1' });
    expect(await redis.hgetall(keys.day('csat', 'tp', 'checkout', utcDay(createdAt)))).toEqual({ '4': '2' });
  });

  it('touches the same keys for the 200th event of a day as for the 10th', async () => {
    const { config, redis } = setup();
    const counter = createInsightsCounter(config, redis);
    const createdAt = noonDaysAgo(0);
    const rate = (n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          counter.count(toRecord(job(wireEvent({ touchpoint: 'support.chat', metric: 'ces', value: 1 + (i % 7), createdAt, interaction: { channel: 'chat', agentId: `agent-${i % 3}` } })))),
        ),
      );
    const counters = async () => (await keysUnder(redis, `${config.redis.prefix}:*`)).filter((key) => !key.includes(':c:'));
    const marks = async () => (await keysUnder(redis, `${config.redis.prefix}:*`)).filter((key) => key.includes(':c:')).length;

    await rate(10);
    const after10 = await counters();
    expect(await marks()).toBe(10);
    await rate(190);
    expect(await counters()).toEqual(after10);
    expect(await marks()).toBe(200);
    // A day hash and a members set for tp and for ch (one channel); three day hashes (three agents) and a members set for ag.
    expect(after10).toHaveLength(8);
  });

  it('keeps every key of a site in one Redis Cluster slot (counters, comments, targets), and spreads sites over slots', async () => {
    // With a target (breached at once) and comments, so its day hashes, its breach and the comments list are written too.
    const target = { id: 't', metric: 'csat' as const, touchpoint: '*', min: 99, minResponses: 1, windowDays: 7, cooldownHours: 24 };
    const { config, redis } = setup({ retentionDays: 400, targets: [target], detractorAlerts: true, readsPerMinute: 600 });
    const counter = createInsightsCounter(config, redis);
    const watch = createTargetWatch(config, redis);
    for (const site of ['shop', 'blog']) {
      for (const [touchpoint, metric] of [['checkout', 'csat'], ['support.chat', 'nps'], ['onboarding.step-2', 'ces']] as const) {
        const record = toRecord(job(wireEvent({ touchpoint, metric, value: 3, comment: 'slow', createdAt: noonDaysAgo(0), interaction: { channel: 'web', agentId: 'x:{y}' } }), site));
        await counter.count(record, watch.targetsOf(record));
        await watch.judge(record, watch.targetsOf(record));
      }
      expect(await redis.exists(insightsKeys(config.redis.prefix, site).targetBreach(target), insightsKeys(config.redis.prefix, site).comments())).toBe(2);
    }
    const slotsOf = async (site: string) => {
      const written = await keysUnder(redis, `${config.redis.prefix}:{insights:${site}}:*`);
      expect(written.length).toBeGreaterThan(3 * 6);
      return new Set(written.map(keySlot));
    };
    const shop = await slotsOf('shop');
    const blog = await slotsOf('blog');
    expect([...shop]).toEqual([keySlot(`insights:shop`)]);
    expect([...blog]).toEqual([keySlot(`insights:blog`)]);
    expect(shop).not.toEqual(blog);
    // Everything written under the prefix belongs to one of the two sites.
    expect((await keysUnder(redis, `${config.redis.prefix}:*`)).every((key) => key.includes('{insights:shop}') || key.includes('{insights:blog}'))).toBe(true);
  });
});

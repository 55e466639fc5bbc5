import { randomUUID } from 'node:crypto';
import { buildApp } from '@feedloop/ingest';
import { COUNT_SCRIPT, COUNTED_MARK_SECONDS, createLogger, createRedis, insightsKeys, utcDay } from '@feedloop/runtime';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_KEY, testConfig } from './helpers/config.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './helpers/redis.js';

const prefix = randomPrefix();
// The fixtures below sit on fixed dates in 2026: a retention of ten years keeps their previous periods complete
// whenever the test runs. The retention tests build an app of their own.
const base = testConfig({ prefix }).config;
const config = { ...base, insights: { ...base.insights, retentionDays: 3_650 } };
/** What the app logged at warn and above, to check what it says of bad counters. */
const warnings: { msg: string; skipped?: number }[] = [];
let app: FastifyInstance;
let redis: Redis;

interface Rating {
  day: string;
  touchpoint: string;
  channel: string;
  agent: string;
  value: number;
  metric?: string;
  times?: number;
}

/**
 * Counts ratings the way the worker does: COUNT_SCRIPT, one day hash and members set per dimension, no comment and
 * no target. Kept for a day whatever their date, so that the retention tests can hold days the retention says are gone.
 */
async function count({ day, touchpoint, channel, agent, value, metric = 'csat', times = 1 }: Rating): Promise<void> {
  const keys = insightsKeys(prefix, 'shop');
  const members = { tp: touchpoint, ch: `${touchpoint}|${channel}`, ag: `${touchpoint}|${agent}` };
  const expireAt = Math.floor(Date.now() / 1000) + 86_400;
  for (let i = 0; i < times; i++) {
    const dimensionKeys = Object.entries(members).flatMap(([d, m]) => [keys.day(metric, d as 'tp', m, day), keys.members(metric, d as 'tp')]);
    const scriptKeys = [keys.counted(randomUUID()), ...dimensionKeys, keys.comments()];
    const args = [COUNTED_MARK_SECONDS, expireAt, value, 3, ...Object.values(members), '', expireAt, expireAt];
    expect(await redis.eval(COUNT_SCRIPT, scriptKeys.length, ...scriptKeys, ...args)).toBe(1);
  }
}

function get(query: string, key: string | null = SECRET_KEY, server = app) {
  return server.inject({ method: 'GET', url: `/v1/insights?${query}`, headers: key === null ? {} : { authorization: `Bearer ${key}` } });
}

const PERIOD = 'site=shop&metric=csat&from=2026-11-21&to=2026-11-30';

beforeAll(async () => {
  redis = createRedis(REDIS_URL, 'worker');
  const logger = createLogger({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
  app = await buildApp(config, { logger });
  // The period 2026-11-21 … 2026-11-30: 20 ratings, 17 satisfied (85 %).
  await count({ day: '2026-11-23', touchpoint: 'checkout', channel: 'web', agent: 'a1', value: 5, times: 8 });
  await count({ day: '2026-11-23', touchpoint: 'checkout', channel: 'web', agent: 'a1', value: 4, times: 2 });
  await count({ day: '2026-11-29', touchpoint: 'support.chat', channel: 'chat', agent: 'a1', value: 4, times: 3 });
  await count({ day: '2026-11-29', touchpoint: 'support.chat', channel: 'chat', agent: 'a1', value: 2 });
  await count({ day: '2026-11-30', touchpoint: 'checkout', channel: 'email', agent: 'a2', value: 5, times: 4 });
  await count({ day: '2026-11-30', touchpoint: 'checkout', channel: 'email', agent: 'a2', value: 3 });
  await count({ day: '2026-11-30', touchpoint: 'checkout', channel: 'email', agent: 'a2', value: 1 });
  // The previous 10 days (2026-11-11 … 2026-11-20): 10 of 20 satisfied (50 %).
  await count({ day: '2026-11-15', touchpoint: 'checkout', channel: 'web', agent: 'a1', value: 5, times: 10 });
  await count({ day: '2026-11-20', touchpoint: 'checkout', channel: 'web', agent: 'a1', value: 1, times: 10 });
  // Outside both periods, and another metric: never in the answers below.
  await count({ day: '2026-11-10', touchpoint: 'checkout', channel: 'web', agent: 'a1', value: 1, times: 3 });
  await count({ day: '2026-12-01', touchpoint: 'checkout', channel: 'web', agent: 'a1', value: 1, times: 3 });
  await count({ day: '2026-11-25', touchpoint: 'checkout', channel: 'web', agent: 'a1', value: 0, metric: 'nps', times: 2 });
});

afterAll(async () => {
  await app?.close();
  redis?.disconnect();
  await deletePrefix(prefix);
});

describe('GET /v1/insights: who may read', () => {
  it("needs the secret key of the site in ?site= (401 SECRET_KEY_INVALID)", async () => {
    for (const response of [await get(PERIOD, null), await get(PERIOD, 'sk_wrong'), await get(PERIOD.replace('site=shop', 'site=other'))]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('SECRET_KEY_INVALID');
    }
    const publicKeyOnly = await app.inject({ method: 'GET', url: `/v1/insights?${PERIOD}`, headers: { 'x-feedloop-key': 'pk_test_0123456789' } });
    expect(publicKeyOnly.statusCode).toBe(401);
  });
});

describe('GET /v1/insights: the query', () => {
  it.each([
    ['a bad metric', 'site=shop&metric=mood', 'metric'],
    ['from after to', 'site=shop&metric=csat&from=2026-11-30&to=2026-11-01', 'from'],
    ['a range over 400 days', 'site=shop&metric=csat&from=2025-01-01&to=2026-11-30', 'to'],
    ['a date that is not YYYY-MM-DD', 'site=shop&metric=csat&from=30.11.2026', 'from'],
    ['an unknown groupBy', 'site=shop&metric=csat&groupBy=month', 'groupBy'],
  ])('answers 400 QUERY_INVALID with the issues for %s', async (_name, query, path) => {
    const response = await get(query);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('QUERY_INVALID');
    expect(body.error.message).toContain(path);
    expect(body.issues.map((i: { path: string }) => i.path)).toEqual([path]);
  });

  it('defaults to every touchpoint, the last 30 days up to today (UTC), by day', async () => {
    const response = await get('site=shop&metric=csat');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ site: 'shop', metric: 'csat', to: utcDay(Date.now()), groupBy: 'day' });
    expect(body.rows).toHaveLength(30);
    expect(response.headers['cache-control']).toBe('private, no-store');
  });
});

describe('GET /v1/insights: rows and total', () => {
  it('answers by day, with every day of the range, the total and the previous period', async () => {
    const response = await get(`${PERIOD}&groupBy=day`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ site: 'shop', metric: 'csat', from: '2026-11-21', to: '2026-11-30', groupBy: 'day' });
    expect(body.rows).toHaveLength(10);
    expect(body.rows[0]).toEqual({ key: '2026-11-21', count: 0, histogram: {}, buckets: { satisfied: 0, neutral: 0, dissatisfied: 0 }, headline: null, ci95: null });
    const byKey = Object.fromEntries(body.rows.map((r: { key: string }) => [r.key, r]));
    expect(byKey['2026-11-23']).toMatchObject({ count: 10, histogram: { '4': 2, '5': 8 }, headline: 100 });
    expect(byKey['2026-11-29']).toMatchObject({ count: 4, buckets: { satisfied: 3, neutral: 0, dissatisfied: 1 }, headline: 75 });
    expect(byKey['2026-11-30']).toMatchObject({ count: 6, histogram: { '1': 1, '3': 1, '5': 4 }, headline: 66.67 });
    // 17 of 20 satisfied = 85 %, Wilson [63.96, 94.76]; the previous 10 days: 10 of 20 = 50 %.
    // Pooled z-test: p̄ = 27/40, z = 0.35 / √(0.675 · 0.325 · (1/20 + 1/20)) = 2.36 > 1.96 → significant.
    expect(body.total).toEqual({
      count: 20,
      histogram: { '1': 1, '2': 1, '3': 1, '4': 5, '5': 12 },
      buckets: { satisfied: 17, neutral: 1, dissatisfied: 2 },
      headline: 85,
      ci95: [63.96, 94.76],
      previous: { count: 20, headline: 50, complete: true },
      change: 35,
      significant: true,
    });
  });

  it('answers by ISO week, Monday first', async () => {
    const body = (await get(`${PERIOD}&groupBy=week`)).json();
    expect(body.rows.map((r: { key: string; count: number; headline: number | null }) => [r.key, r.count, r.headline])).toEqual([
      ['2026-W47', 0, null],
      ['2026-W48', 14, 92.86],
      ['2026-W49', 6, 66.67],
    ]);
    expect(body.total.count).toBe(20);
  });

  it.each([
    ['touchpoint', [['checkout', 16, 87.5], ['support.chat', 4, 75]]],
    ['channel', [['chat', 4, 75], ['email', 6, 66.67], ['web', 10, 100]]],
    ['agent', [['a1', 14, 92.86], ['a2', 6, 66.67]]],
  ])('answers by %s', async (groupBy, expected) => {
    const body = (await get(`${PERIOD}&groupBy=${groupBy}`)).json();
    expect(body.groupBy).toBe(groupBy);
    expect(body.rows.map((r: { key: string; count: number; headline: number | null }) => [r.key, r.count, r.headline])).toEqual(expected);
    expect(body.total).toMatchObject({ count: 20, headline: 85, change: 35, significant: true });
  });

  it('filters by a touchpoint glob, in rows, total and previous period alike', async () => {
    const support = (await get(`${PERIOD}&touchpoint=support.*&groupBy=agent`)).json();
    expect(support.rows.map((r: { key: string; count: number }) => [r.key, r.count])).toEqual([['a1', 4]]);
    // Nothing at support.* before: a change cannot be told.
    expect(support.total).toMatchObject({ count: 4, headline: 75, previous: { count: 0, headline: null }, change: null, significant: false });
    const checkout = (await get(`${PERIOD}&touchpoint=checkout&groupBy=channel`)).json();
    expect(checkout.rows.map((r: { key: string; count: number }) => [r.key, r.count])).toEqual([['email', 6], ['web', 10]]);
    expect(checkout.total).toMatchObject({ count: 16, headline: 87.5, previous: { count: 20, headline: 50 } });
    const none = (await get(`${PERIOD}&touchpoint=onboarding*&groupBy=touchpoint`)).json();
    expect(none.rows).toEqual([]);
    expect(none.total.count).toBe(0);
  });

  it('answers an empty period with count 0 and null figures', async () => {
    const response = await get('site=shop&metric=csat&from=2026-10-01&to=2026-10-03');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.rows.map((r: { count: number; headline: null }) => [r.count, r.headline])).toEqual([[0, null], [0, null], [0, null]]);
    expect(body.total).toEqual({
      count: 0, histogram: {}, buckets: { satisfied: 0, neutral: 0, dissatisfied: 0 }, headline: null, ci95: null,
      previous: { count: 0, headline: null, complete: true }, change: null, significant: false,
    });
  });

  it('keeps metrics apart: NPS counts only NPS ratings', async () => {
    const body = (await get('site=shop&metric=nps&from=2026-11-21&to=2026-11-30&groupBy=touchpoint')).json();
    expect(body.rows).toEqual([
      { key: 'checkout', count: 2, histogram: { '0': 2 }, buckets: { promoter: 0, passive: 0, detractor: 2 }, headline: -100, ci95: expect.any(Array) },
    ]);
    expect(body.total).toMatchObject({ count: 2, headline: -100, previous: { count: 0, headline: null }, change: null });
  });
});

describe('GET /v1/insights: counters the worker did not write', () => {
  it('skips a hash field off the metric scale or with a count that is not a non-negative integer, and warns once', async () => {
    const keys = insightsKeys(prefix, 'shop');
    // Beside good counts on a day of the period: values 9 and 0 are off the csat scale (1–5), the other counts are not counts.
    await redis.hset(keys.day('csat', 'tp', 'checkout', '2026-11-24'), { '9': '4', '0': '1', '2': '-3', '3': 'x', '4.5': '1', '5': '2' });
    await redis.hset(keys.day('csat', 'ch', 'checkout|web', '2026-11-24'), { '6': '1', '5': '2' });
    warnings.length = 0;
    const response = await get(`${PERIOD}&groupBy=channel`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    // The fixture's 20 ratings and the 2 good fives of 2026-11-24: 19 of 22 satisfied.
    expect(body.total).toMatchObject({ count: 22, histogram: { '1': 1, '2': 1, '3': 1, '4': 5, '5': 14 }, headline: 86.36 });
    expect(body.rows.find((r: { key: string }) => r.key === 'web')).toMatchObject({ count: 12, headline: 100 });
    const skipped = warnings.filter((line) => line.msg.includes('skipped hash fields'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.skipped).toBe(6);
    await redis.del(keys.day('csat', 'tp', 'checkout', '2026-11-24'), keys.day('csat', 'ch', 'checkout|web', '2026-11-24'));
  });
});

describe('GET /v1/insights: a previous period older than the retention', () => {
  // With insights.retentionDays 30, the oldest day whose counters are all kept is today − 29.
  const today = utcDay(Date.now());
  const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  let shortRetention: FastifyInstance;

  beforeAll(async () => {
    shortRetention = await buildApp({ ...config, insights: { ...config.insights, retentionDays: 30 } });
    // thumbs, kept apart from the fixtures: 20 positive in the last 10 days, 20 negative from 30 days ago (still in
    // Redis here, as after a lowered retention: the worker never shortens an expiry).
    await count({ day: daysAgo(3), touchpoint: 'checkout', channel: 'web', agent: 'a1', value: 1, metric: 'thumbs', times: 20 });
    await count({ day: daysAgo(30), touchpoint: 'checkout', channel: 'web', agent: 'a1', value: 0, metric: 'thumbs', times: 20 });
  });
  afterAll(async () => {
    await shortRetention?.close();
  });

  it('compares while the whole previous period is kept', async () => {
    // 15 days: the previous period is today − 29 … today − 15, every day of it still kept.
    const body = (await get(`site=shop&metric=thumbs&from=${daysAgo(14)}&to=${today}`, SECRET_KEY, shortRetention)).json();
    expect(body.total).toMatchObject({ count: 20, headline: 100, previous: { count: 0, headline: null, complete: true }, change: null, significant: false });
  });

  it('says the previous period is incomplete, and does not compare, once it reaches past the retention', async () => {
    // 16 days: the previous period starts at today − 31, past the 30 days kept.
    const body = (await get(`site=shop&metric=thumbs&from=${daysAgo(15)}&to=${today}`, SECRET_KEY, shortRetention)).json();
    expect(body.total).toMatchObject({ count: 20, headline: 100, previous: { count: 20, headline: 0, complete: false }, change: null, significant: false });
    // The same data with the default retention: the same previous period is complete, and the drop significant.
    const kept = (await get(`site=shop&metric=thumbs&from=${daysAgo(15)}&to=${today}`)).json();
    expect(kept.total).toMatchObject({ previous: { count: 20, headline: 0, complete: true }, change: 100, significant: true });
  });
});

describe('GET /v1/insights: Redis unreachable', () => {
  it('answers 503 INSIGHTS_UNAVAILABLE with Retry-After, after checking the key', async () => {
    // Nothing listens on port 1: every read fails at once (ingest's connections do not queue commands offline).
    const down = await buildApp({ ...config, redis: { ...config.redis, url: 'redis://127.0.0.1:1' } });
    try {
      const response = await get(PERIOD, SECRET_KEY, down);
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('INSIGHTS_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('5');
      expect((await get(PERIOD, 'sk_wrong', down)).statusCode).toBe(401);
    } finally {
      await down.close();
    }
  });
});

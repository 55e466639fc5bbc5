import { randomUUID } from 'node:crypto';
import { buildApp } from '@feedloop/ingest';
import { COUNT_SCRIPT, COUNTED_MARK_SECONDS, createRedis, insightsKeys, utcDay } from '@feedloop/runtime';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_KEY, testConfig } from './helpers/config.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './helpers/redis.js';

const prefix = randomPrefix();
const { config } = testConfig({ prefix });
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

/** Counts ratings the way the worker does: COUNT_SCRIPT, one day hash and members set per dimension. */
async function count({ day, touchpoint, channel, agent, value, metric = 'csat', times = 1 }: Rating): Promise<void> {
  const keys = insightsKeys(prefix, 'shop');
  const members = { tp: touchpoint, ch: `${touchpoint}|${channel}`, ag: `${touchpoint}|${agent}` };
  const expireAt = Math.floor(Date.now() / 1000) + 86_400;
  for (let i = 0; i < times; i++) {
    const dimensionKeys = Object.entries(members).flatMap(([d, m]) => [keys.day(metric, d as 'tp', m, day), keys.members(metric, d as 'tp')]);
    const counted = await redis.eval(COUNT_SCRIPT, 1 + dimensionKeys.length, keys.counted(randomUUID()), ...dimensionKeys, COUNTED_MARK_SECONDS, expireAt, value, ...Object.values(members));
    expect(counted).toBe(1);
  }
}

function get(query: string, key: string | null = SECRET_KEY) {
  return app.inject({ method: 'GET', url: `/v1/insights?${query}`, headers: key === null ? {} : { authorization: `Bearer ${key}` } });
}

const PERIOD = 'site=shop&metric=csat&from=2026-11-21&to=2026-11-30';

beforeAll(async () => {
  redis = createRedis(REDIS_URL, 'worker');
  app = await buildApp(config);
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
      previous: { count: 20, headline: 50 },
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
      previous: { count: 0, headline: null }, change: null, significant: false,
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

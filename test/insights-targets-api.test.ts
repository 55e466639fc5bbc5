import { buildApp } from '@feedloop/ingest';
import { createRedis, insightsKeys, parseConfig, utcDay } from '@feedloop/runtime';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY, SECRET_KEY } from './helpers/config.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './helpers/redis.js';

const BLOG_SECRET = 'sk_blog_0a1b2c3d4e5f60718293';

/** Two sites and four targets: two for every site, one for each site alone. */
function configWith(prefix: string, url = REDIS_URL, readsPerMinute = 600) {
  return parseConfig(
    {
      redis: { url, prefix },
      sites: [
        { id: 'shop', publicKey: PUBLIC_KEY, secretKey: { env: 'SHOP_SECRET' }, origins: [ORIGIN] },
        { id: 'blog', publicKey: 'pk_blog_0123456789', secretKey: { env: 'BLOG_SECRET' } },
      ],
      insights: {
        readsPerMinute,
        targets: [
          { id: 'csat-checkout', metric: 'csat', touchpoint: 'checkout', min: 80, minResponses: 10, windowDays: 7 },
          { metric: 'nps', min: 20, minResponses: 5, windowDays: 3, sites: ['shop'] },
          { id: 'blog-thumbs', metric: 'thumbs', min: 50, sites: ['blog'] },
          { id: 'ces-support', metric: 'ces', touchpoint: 'support.*', min: 5, minResponses: 30 },
        ],
      },
    },
    { SHOP_SECRET: SECRET_KEY, BLOG_SECRET },
  );
}

const prefix = randomPrefix();
const config = configWith(prefix);
const target = (id: string) => config.insights.targets.find((t) => t.id === id)!;
const today = utcDay(Date.now());
const daysAgo = (n: number) => utcDay(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000);
let app: FastifyInstance;
let redis: Redis;

function get(path: string, query: string, key: string | null = SECRET_KEY, server = app) {
  return server.inject({ method: 'GET', url: `${path}?${query}`, headers: key === null ? {} : { authorization: `Bearer ${key}` } });
}
const targets = (query: string, key: string | null = SECRET_KEY, server = app) => get('/v1/insights/targets', query, key, server);

beforeAll(async () => {
  redis = createRedis(REDIS_URL, 'worker');
  app = await buildApp(config);
  const shop = insightsKeys(prefix, 'shop');
  // csat-checkout, 7 days: 8 of 11 satisfied (72.73 %) below 80 %; a field off the scale is skipped; the day
  // before the window does not count.
  await redis.hset(shop.targetDay(target('csat-checkout'), today), { '5': 6, '1': 2, '9': 3 });
  await redis.hset(shop.targetDay(target('csat-checkout'), daysAgo(6)), { '4': 2, '2': 1 });
  await redis.hset(shop.targetDay(target('csat-checkout'), daysAgo(7)), { '1': 50 });
  await redis.set(shop.targetBreach(target('csat-checkout')), JSON.stringify({ eventId: 'e-1', since: '2026-11-30T10:00:00.000Z' }));
  // nps-all, 3 days: 6 promoters and 1 detractor of 7, NPS 71.43, at or above 20; the day before does not count.
  await redis.hset(shop.targetDay(target('nps-all'), daysAgo(2)), { '10': 4, '9': 2, '0': 1 });
  await redis.hset(shop.targetDay(target('nps-all'), daysAgo(3)), { '0': 100 });
  // A breach that ended (kept for its cooldown) is no breach.
  await redis.set(shop.targetBreach(target('nps-all')), JSON.stringify({ eventId: 'e-2', since: '2026-11-29T10:00:00.000Z', ended: '2026-11-30T08:00:00.000Z' }));
  // ces-support: 3 responses of 6, below the 30 needed to judge; a breach key that is not one is no breach (the
  // worker overwrites it with its next claim).
  await redis.hset(shop.targetDay(target('ces-support'), daysAgo(1)), { '6': 3 });
  await redis.set(shop.targetBreach(target('ces-support')), 'not json');
  // The blog's counts of a target it shares with the shop are its own.
  await redis.hset(insightsKeys(prefix, 'blog').targetDay(target('ces-support'), today), { '2': 40 });
});

afterAll(async () => {
  await app?.close();
  redis?.disconnect();
  await deletePrefix(prefix);
});

describe('GET /v1/insights/targets', () => {
  it("answers each target of the site with its window, whether it is met, and the worker's breach", async () => {
    const response = await targets('site=shop');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const body = response.json();
    expect(body.site).toBe('shop');
    expect(body.targets.map((t: { id: string }) => t.id)).toEqual(['csat-checkout', 'nps-all', 'ces-support']);
    const [csat, nps, ces] = body.targets;
    expect(csat).toEqual({
      id: 'csat-checkout', metric: 'csat', touchpoint: 'checkout', min: 80, minResponses: 10, windowDays: 7,
      window: { from: daysAgo(6), to: today, count: 11, headline: 72.73, ci95: expect.any(Array) },
      met: false, breached: true, breachedSince: '2026-11-30T10:00:00.000Z',
    });
    // Wilson 95 % interval of 8 / 11 brackets the headline.
    expect(csat.window.ci95[0]).toBeLessThan(72.73);
    expect(csat.window.ci95[1]).toBeGreaterThan(72.73);
    expect(nps).toMatchObject({
      touchpoint: '*', min: 20, minResponses: 5, windowDays: 3,
      window: { from: daysAgo(2), to: today, count: 7, headline: 71.43 },
      met: true, breached: false, breachedSince: null,
    });
    expect(ces).toMatchObject({ window: { count: 3, headline: 6 }, met: null, breached: false, breachedSince: null });
  });

  it('applies a target with a sites list to those sites only, and reads each site its own counts', async () => {
    const body = (await targets('site=blog', BLOG_SECRET)).json();
    expect(body.targets.map((t: { id: string }) => t.id)).toEqual(['csat-checkout', 'blog-thumbs', 'ces-support']);
    const [csat, thumbs, ces] = body.targets;
    expect(csat).toMatchObject({ window: { count: 0, headline: null, ci95: null }, met: null, breached: false, breachedSince: null });
    expect(thumbs).toMatchObject({ minResponses: 30, windowDays: 7, window: { from: daysAgo(6), to: today, count: 0 }, met: null });
    // 40 responses of 2: the mean is below 5, with enough responses to judge.
    expect(ces).toMatchObject({ window: { count: 40, headline: 2 }, met: false, breached: false });
  });

  it('needs the secret key of the site in ?site= (401 SECRET_KEY_INVALID)', async () => {
    for (const response of [await targets('site=shop', null), await targets('site=shop', 'sk_wrong'), await targets('site=shop', BLOG_SECRET), await targets('site=nowhere'), await targets('')]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('SECRET_KEY_INVALID');
    }
  });

  it('answers a site without targets with an empty list', async () => {
    const bare = parseConfig({ redis: { url: REDIS_URL, prefix }, sites: [{ id: 'shop', publicKey: PUBLIC_KEY, secretKey: { env: 'S' } }] }, { S: SECRET_KEY });
    const server = await buildApp(bare);
    try {
      expect((await targets('site=shop', SECRET_KEY, server)).json()).toEqual({ site: 'shop', targets: [] });
    } finally {
      await server.close();
    }
  });

  it('answers 503 INSIGHTS_UNAVAILABLE with Retry-After when Redis is unreachable, after checking the key', async () => {
    // Nothing listens on port 1: every read fails at once (ingest's connections do not queue commands offline).
    const down = await buildApp(configWith(randomPrefix(), 'redis://127.0.0.1:1'));
    try {
      const response = await targets('site=shop', SECRET_KEY, down);
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('INSIGHTS_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('5');
      expect((await targets('site=shop', 'sk_wrong', down)).statusCode).toBe(401);
    } finally {
      await down.close();
    }
  });
});

describe('every /v1/insights* route: the rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After past insights.readsPerMinute requests for a site, and counts each site apart', async () => {
    const limitedPrefix = randomPrefix();
    const server = await buildApp(configWith(limitedPrefix, REDIS_URL, 30));
    try {
      // The limit counts per clock minute: start early enough in one that all the requests fall inside it.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
      const routes = ['/v1/insights?metric=csat&site=shop', '/v1/insights/comments?site=shop', '/v1/insights/targets?site=shop'];
      for (let i = 0; i < 30; i++) {
        const [path = '', query = ''] = routes[i % routes.length]!.split('?');
        expect((await get(path, query, SECRET_KEY, server)).statusCode).toBe(200);
      }
      for (const route of routes) {
        const [path = '', query = ''] = route.split('?');
        const refused = await get(path, query, SECRET_KEY, server);
        expect(refused.statusCode).toBe(429);
        expect(refused.json().error.code).toBe('RATE_LIMITED');
        const wait = Number(refused.headers['retry-after']);
        expect(wait).toBeGreaterThanOrEqual(1);
        expect(wait).toBeLessThanOrEqual(60);
      }
      // Who may not read at all is told so, not asked to wait; another site has its own allowance.
      expect((await targets('site=shop', 'sk_wrong', server)).statusCode).toBe(401);
      expect((await targets('site=blog', BLOG_SECRET, server)).statusCode).toBe(200);
    } finally {
      await server.close();
      await deletePrefix(limitedPrefix);
    }
  }, 90_000);
});

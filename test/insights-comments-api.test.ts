import { buildApp } from '@feedloop/ingest';
import { createLogger, createRedis, insightsKeys, parseConfig, type StoredComment } from '@feedloop/runtime';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY, SECRET_KEY } from './helpers/config.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './helpers/redis.js';

const BLOG_SECRET = 'sk_blog_0a1b2c3d4e5f60718293';

/** Two sites, each with its secret key, so that one site's key can be tried on the other. */
function configWith(prefix: string, url = REDIS_URL) {
  return parseConfig(
    {
      redis: { url, prefix },
      sites: [
        { id: 'shop', publicKey: PUBLIC_KEY, secretKey: { env: 'SHOP_SECRET' }, origins: [ORIGIN] },
        { id: 'blog', publicKey: 'pk_blog_0123456789', secretKey: { env: 'BLOG_SECRET' } },
      ],
    },
    { SHOP_SECRET: SECRET_KEY, BLOG_SECRET },
  );
}

const prefix = randomPrefix();
const config = configWith(prefix);
const warnings: { msg: string; skipped?: number }[] = [];
let app: FastifyInstance;
let redis: Redis;

function comment(id: string, touchpoint: string, metric: StoredComment['metric'], value: number, bucket: StoredComment['bucket']): StoredComment {
  return { id, timestamp: '2026-11-30T10:00:00.000Z', touchpoint, metric, value, bucket, comment: `comment ${id}`, topics: ['delivery'], channel: 'web' };
}

function get(query: string, key: string | null = SECRET_KEY, server = app) {
  return server.inject({ method: 'GET', url: `/v1/insights/comments?${query}`, headers: key === null ? {} : { authorization: `Bearer ${key}` } });
}

const ids = (response: { json: () => { comments: { id: string }[] } }) => response.json().comments.map((c) => c.id);

beforeAll(async () => {
  redis = createRedis(REDIS_URL, 'worker');
  const logger = createLogger({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
  app = await buildApp(config, { logger });
  // Pushed oldest first, as the worker LPUSHes each new comment: the list reads c5 … c1. Two entries are not comments.
  const shop = [
    JSON.stringify(comment('c1', 'checkout', 'csat', 5, 'satisfied')),
    JSON.stringify(comment('c2', 'support.chat', 'nps', 9, 'promoter')),
    'not json {',
    JSON.stringify(comment('c3', 'support.email', 'csat', 2, 'dissatisfied')),
    JSON.stringify({ hello: 'a stranger', touchpoint: 'checkout' }),
    // A field a stored comment does not have (who wrote it) never reaches the answer.
    JSON.stringify({ ...comment('c4', 'checkout', 'nps', 3, 'detractor'), user: { email: 'ana@example.com' } }),
    JSON.stringify({ ...comment('c5', 'support.chat', 'csat', 1, 'dissatisfied'), sentiment: { score: -0.6, label: 'negative' } }),
  ];
  await redis.lpush(insightsKeys(prefix, 'shop').comments(), ...shop);
  const blog = Array.from({ length: 60 }, (_, i) => JSON.stringify(comment(`b${i}`, 'article', 'thumbs', 1, 'positive')));
  await redis.lpush(insightsKeys(prefix, 'blog').comments(), ...blog);
});

afterAll(async () => {
  await app?.close();
  redis?.disconnect();
  await deletePrefix(prefix);
});

describe('GET /v1/insights/comments: who may read', () => {
  it('needs the secret key of the site in ?site=, checked before the query (401 SECRET_KEY_INVALID)', async () => {
    const refused = [
      await get('site=shop', null),
      await get('site=shop', 'sk_wrong'),
      await get('site=shop', BLOG_SECRET), // another site's key
      await get('site=elsewhere'), // an unknown site
      await get('limit=0'), // no site: refused before the bad limit is looked at
      await get('site=shop&site=blog'),
    ];
    for (const response of refused) {
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('SECRET_KEY_INVALID');
    }
  });

  it("answers each site with its own comments only", async () => {
    const blog = await get('site=blog', BLOG_SECRET);
    expect(blog.statusCode).toBe(200);
    expect(blog.json().site).toBe('blog');
    expect(ids(blog).every((id) => id.startsWith('b'))).toBe(true);
  });
});

describe('GET /v1/insights/comments: the answer', () => {
  it('lists the comments newest first, skips entries that are not comments, and keeps only the stored fields', async () => {
    warnings.length = 0;
    const response = await get('site=shop');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const body = response.json();
    expect(body.site).toBe('shop');
    expect(ids(response)).toEqual(['c5', 'c4', 'c3', 'c2', 'c1']);
    expect(body.comments[0]).toEqual({ ...comment('c5', 'support.chat', 'csat', 1, 'dissatisfied'), sentiment: { score: -0.6, label: 'negative' } });
    expect(body.comments[1]).toEqual(comment('c4', 'checkout', 'nps', 3, 'detractor'));
    expect(response.body).not.toContain('ana@example.com');
    // One warning for the request, however many bad entries.
    const skipped = warnings.filter((line) => line.msg.includes('skipped entries'));
    expect(skipped.map((line) => line.skipped)).toEqual([2]);
  });

  it.each([
    ['touchpoint=support.*', ['c5', 'c3', 'c2']],
    ['touchpoint=checkout', ['c4', 'c1']],
    ['touchpoint=*.chat', ['c5', 'c2']],
    ['metric=csat', ['c5', 'c3', 'c1']],
    ['touchpoint=support.*&metric=nps', ['c2']],
    ['metric=fcr', []],
    ['limit=2', ['c5', 'c4']],
    ['metric=csat&limit=2', ['c5', 'c3']],
    ['limit=200', ['c5', 'c4', 'c3', 'c2', 'c1']],
  ])('filters with %s', async (query, expected) => {
    const response = await get(`site=shop&${query}`);
    expect(response.statusCode).toBe(200);
    expect(ids(response)).toEqual(expected);
  });

  it('answers 50 comments by default, and up to limit', async () => {
    const byDefault = await get('site=blog', BLOG_SECRET);
    expect(ids(byDefault)).toEqual(Array.from({ length: 50 }, (_, i) => `b${59 - i}`));
    expect(ids(await get('site=blog&limit=200', BLOG_SECRET))).toHaveLength(60);
  });

  it('answers a site without comments with an empty list', async () => {
    await redis.rename(insightsKeys(prefix, 'blog').comments(), `${prefix}:parked`);
    try {
      expect((await get('site=blog', BLOG_SECRET)).json()).toEqual({ site: 'blog', comments: [] });
    } finally {
      await redis.rename(`${prefix}:parked`, insightsKeys(prefix, 'blog').comments());
    }
  });
});

describe('GET /v1/insights/comments: the query', () => {
  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=', 'limit'],
    ['metric=mood', 'metric'],
    ['touchpoint=Check%20Out', 'touchpoint'],
  ])('answers 400 QUERY_INVALID with the issues for %s', async (query, path) => {
    const response = await get(`site=shop&${query}`);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('QUERY_INVALID');
    expect(body.issues.map((i: { path: string }) => i.path)).toEqual([path]);
  });

  it('names every bad parameter at once', async () => {
    const body = (await get('site=shop&limit=999&metric=mood')).json();
    expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['limit', 'metric']);
  });
});

describe('GET /v1/insights/comments: Redis unreachable', () => {
  it('answers 503 INSIGHTS_UNAVAILABLE with Retry-After, after checking the key', async () => {
    // Nothing listens on port 1: every read fails at once (ingest's connections do not queue commands offline).
    const down = await buildApp(configWith(randomPrefix(), 'redis://127.0.0.1:1'));
    try {
      const response = await get('site=shop', SECRET_KEY, down);
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('INSIGHTS_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('5');
      expect((await get('site=shop', BLOG_SECRET, down)).statusCode).toBe(401);
    } finally {
      await down.close();
    }
  });
});

import { createLogger, redisAnswers } from '@feedloop/runtime';
import { describe, expect, it } from 'vitest';
import { ensureRedis, freePort } from './local-redis.js';

const logger = createLogger({ level: 'silent' });

describe('ensureRedis', () => {
  it('uses a Redis that answers', async () => {
    const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const handle = await ensureRedis(url, logger, { REDIS_URL: url });
    expect(handle.url).toBe(url);
    await handle.stop();
  });

  it('starts a throwaway redis-server when nothing answers at a local URL, and stops it', async () => {
    const silent = `redis://127.0.0.1:${await freePort()}`;
    const handle = await ensureRedis(silent, logger, {});
    try {
      expect(handle.url).not.toBe(silent);
      expect(await redisAnswers(handle.url)).toBe(true);
    } finally {
      await handle.stop();
    }
    expect(await redisAnswers(handle.url, 300)).toBe(false);
  });

  it('does not start one when REDIS_URL names a Redis that does not answer', async () => {
    const silent = `redis://127.0.0.1:${await freePort()}`;
    await expect(ensureRedis(silent, logger, { REDIS_URL: silent })).rejects.toThrow(/does not answer/);
  });

  it('says how to install Redis when there is none', async () => {
    const silent = `redis://127.0.0.1:${await freePort()}`;
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(ensureRedis(silent, logger, {})).rejects.toThrow(/apt-get install redis-server/);
    } finally {
      process.env.PATH = path;
    }
  });
});

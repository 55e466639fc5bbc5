import { EVENTS_QUEUE, parseConfig, type EventJob } from '@feedloop/runtime';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY, SECRET_KEY } from '../../../test/helpers/config.js';
import { wireEvent } from '../../../test/helpers/events.js';
import { intakeDrained, startPump } from '../../../test/helpers/pump.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../../../test/helpers/redis.js';
import { buildApp } from './build-app.js';
import { protectIp, rateLimitClient, truncateIp } from './client-ip.js';
import { RATE_LIMIT_SYNC_MS } from './rate-limiter.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** An app on its own key prefix; `site` and `top` are merged into the test config. */
async function appWith(site: Record<string, unknown> = {}, top: Record<string, unknown> = {}): Promise<{ app: FastifyInstance; jobs(): Promise<EventJob[]> }> {
  const prefix = randomPrefix();
  const config = parseConfig(
    {
      redis: { url: REDIS_URL, prefix },
      sites: [{ id: 'shop', publicKey: PUBLIC_KEY, secretKey: { env: 'SK' }, origins: [ORIGIN], ...site }],
      ...top,
    },
    { SK: SECRET_KEY, IP_SALT: 'pepper-for-tests' },
  );
  const app = await buildApp(config);
  const stopPump = startPump(prefix);
  const queue = new Queue(EVENTS_QUEUE, { connection: { url: REDIS_URL }, prefix });
  cleanups.push(async () => {
    await app.close();
    await stopPump();
    await queue.close();
    await deletePrefix(prefix);
  });
  const jobs = async () => {
    await intakeDrained(prefix);
    return (await queue.getJobs(['waiting'])).map((job) => job.data as EventJob);
  };
  return { app, jobs };
}

/** Limits count per clock minute: a test that must see one window starts well before the next. */
async function awayFromMinuteEdge(seconds: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

const post = (app: FastifyInstance, headers: Record<string, string>, remoteAddress = '203.0.113.7') =>
  app.inject({ method: 'POST', url: '/v1/events', remoteAddress, headers: { 'content-type': 'application/json', 'x-feedloop-key': PUBLIC_KEY, ...headers }, payload: JSON.stringify(wireEvent()) });

describe('who may send', () => {
  it("takes a server's request without Origin only with the site's secret key", async () => {
    const { app } = await appWith();
    const none = await post(app, {});
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('SECRET_KEY_INVALID');
    expect((await post(app, { authorization: 'Bearer sk_wrong_000000000000000000' })).json().error.code).toBe('SECRET_KEY_INVALID');
    expect((await post(app, { authorization: `Bearer ${SECRET_KEY}` })).statusCode).toBe(202);
    // A browser request never needs it, and a site without a secret key takes browser requests only.
    expect((await post(app, { origin: ORIGIN })).statusCode).toBe(202);
    const { app: browserOnly } = await appWith({ secretKey: undefined });
    expect((await post(browserOnly, { authorization: `Bearer ${SECRET_KEY}` })).json().error.code).toBe('SECRET_KEY_INVALID');
  });

  it('limits each client IP per minute, in Redis, with Retry-After, and lets other clients through', async () => {
    const { app } = await appWith({ rateLimit: { perMinute: 3 } });
    await awayFromMinuteEdge(3);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(app, { origin: ORIGIN })).statusCode);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const limited = await post(app, { origin: ORIGIN });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await post(app, { origin: ORIGIN }, '198.51.100.9')).statusCode).toBe(202);
  });

  it('limits the whole site across ingest instances sharing Redis, once their counts have met there', async () => {
    const prefix = randomPrefix();
    const config = parseConfig({ redis: { url: REDIS_URL, prefix }, sites: [{ id: 'shop', publicKey: PUBLIC_KEY, origins: [ORIGIN], rateLimit: { siteMinute: 4 } }] }, {});
    const [one, two] = [await buildApp(config), await buildApp(config)];
    cleanups.push(async () => {
      await one.close();
      await two.close();
      await deletePrefix(prefix);
    });
    const statuses = [];
    await awayFromMinuteEdge(8);
    // Long enough for both instances to have synced, even on a loaded machine.
    const synced = () => new Promise((resolve) => setTimeout(resolve, 10 * RATE_LIMIT_SYNC_MS));
    for (let i = 0; i < 3; i++) {
      statuses.push((await post(one, { origin: ORIGIN }, `192.0.2.${i}`)).statusCode);
      await synced();
      statuses.push((await post(two, { origin: ORIGIN }, `192.0.2.${i + 100}`)).statusCode);
      await synced();
    }
    expect(statuses.sort()).toEqual([202, 202, 202, 202, 429, 429]);
  });

  it('believes X-Forwarded-For only from a configured trusted proxy', async () => {
    const { app: trusting, jobs } = await appWith({}, { ingest: { trustProxy: ['10.0.0.1'] } });
    await post(trusting, { origin: ORIGIN, 'x-forwarded-for': '198.51.100.23' }, '10.0.0.1');
    await post(trusting, { origin: ORIGIN, 'x-forwarded-for': '198.51.100.23' }, '10.0.0.99');
    expect((await jobs()).map((job) => job.ip).sort()).toEqual(['10.0.0.0', '198.51.100.0']);
  });
});

describe('what ingest adds, and what it keeps of the IP', () => {
  it('adds the user agent and the IP per privacy.ip, never the raw address', async () => {
    for (const [ip, expected] of [
      ['truncate', '203.0.113.0'],
      ['drop', undefined],
      ['hash', protectIp('203.0.113.7', { ip: 'hash', ipSalt: 'pepper-for-tests' })],
    ] as const) {
      const { app, jobs } = await appWith({}, { privacy: { ip, ...(ip === 'hash' ? { ipSalt: { env: 'IP_SALT' } } : {}) } });
      await post(app, { origin: ORIGIN, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0' });
      const [job] = await jobs();
      expect(job!.ip).toBe(expected);
      expect(job!.userAgent).toBe('Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0');
      expect(JSON.stringify(job)).not.toContain('203.0.113.7');
    }
    expect(() => parseConfig({ sites: [{ id: 'a', publicKey: PUBLIC_KEY }], privacy: { ip: 'hash' } }, {})).toThrow(/ipSalt/);
  });

  it('counts a client by address with a salt (an IPv6 one by its /64), and by network without one', () => {
    const salted = { ip: 'truncate' as const, ipSalt: 'pepper' };
    const plain = { ip: 'truncate' as const };
    expect(rateLimitClient('203.0.113.7', salted)).not.toBe(rateLimitClient('203.0.113.8', salted));
    expect(rateLimitClient('2001:db8:1:2:aaaa::1', salted)).toBe(rateLimitClient('2001:db8:1:2:bbbb::9', salted));
    expect(rateLimitClient('2001:db8:1:2::1', salted)).not.toBe(rateLimitClient('2001:db8:1:3::1', salted));
    expect(rateLimitClient('203.0.113.7', plain)).toBe(rateLimitClient('203.0.113.200', plain));
    expect(rateLimitClient('203.0.113.7', plain)).not.toBe(rateLimitClient('203.0.114.7', plain));
  });

  it('truncates IPv4 to its /24 and IPv6 to its /48', () => {
    expect(truncateIp('203.0.113.77')).toBe('203.0.113.0');
    expect(truncateIp('::ffff:203.0.113.77')).toBe('203.0.113.0');
    expect(truncateIp('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::');
    expect(truncateIp('2001:db8::1')).toBe('2001:db8:0::');
    expect(truncateIp('not an ip')).toBeUndefined();
  });
});

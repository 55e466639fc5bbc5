import type { SiteConfig } from '@feedloop/runtime';
import type { Redis } from 'ioredis';

const WINDOW_SECONDS = 60;

/** Counts one request for the client and for the site in this window; returns both counts. */
const COUNT_SCRIPT = `
local client = redis.call('INCR', KEYS[1])
if client == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local site = redis.call('INCR', KEYS[2])
if site == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
return { client, site }
`;

type CountingRedis = Redis & { feedloopCount(clientKey: string, siteKey: string, seconds: number): Promise<[number, number]> };

/**
 * Fixed one-minute windows counted in Redis, so the limits hold across ingest instances. One script call per
 * request on an auto-pipelined connection: requests that arrive together share a round trip.
 */
export class RateLimiter {
  private readonly redis: CountingRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('feedloopCount', { numberOfKeys: 2, lua: COUNT_SCRIPT });
    this.redis = redis as CountingRedis;
  }

  /** Seconds to wait when `client` or the whole site is over its limit in this window; undefined when it may go on. */
  async retryAfter(site: SiteConfig, client: string, now = Date.now()): Promise<number | undefined> {
    const window = Math.floor(now / 1000 / WINDOW_SECONDS);
    const clientKey = `${this.prefix}:rl:${site.id}:${window}:${client}`;
    const siteKey = `${this.prefix}:rl:${site.id}:${window}`;
    const [perClient, perSite] = await this.redis.feedloopCount(clientKey, siteKey, WINDOW_SECONDS);
    const { perMinute, siteMinute } = site.rateLimit;
    if (perClient <= perMinute && (siteMinute === undefined || perSite <= siteMinute)) return undefined;
    return Math.max(1, Math.ceil((window + 1) * WINDOW_SECONDS - now / 1000));
  }
}

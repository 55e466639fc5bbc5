import type { SiteConfig } from '@feedloop/runtime';
import type { Redis } from 'ioredis';

const WINDOW_SECONDS = 60;

/**
 * Fixed one-minute windows counted in Redis, so the limits hold across ingest instances. One MULTI per request on
 * an auto-pipelined connection: requests that arrive together share a round trip.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Seconds to wait when `client` or the whole site is over its limit in this window; undefined when it may go on. */
  async retryAfter(site: SiteConfig, client: string, now = Date.now()): Promise<number | undefined> {
    const window = Math.floor(now / 1000 / WINDOW_SECONDS);
    const clientKey = `${this.prefix}:rl:${site.id}:${window}:${client}`;
    const siteKey = `${this.prefix}:rl:${site.id}:${window}`;
    const counts = await this.redis
      .multi()
      .incr(clientKey)
      .expire(clientKey, WINDOW_SECONDS, 'NX')
      .incr(siteKey)
      .expire(siteKey, WINDOW_SECONDS, 'NX')
      .exec();
    const perClient = Number(counts?.[0]?.[1]);
    const perSite = Number(counts?.[2]?.[1]);
    const { perMinute, siteMinute } = site.rateLimit;
    if (perClient <= perMinute && (siteMinute === undefined || perSite <= siteMinute)) return undefined;
    return Math.max(1, Math.ceil((window + 1) * WINDOW_SECONDS - now / 1000));
  }
}

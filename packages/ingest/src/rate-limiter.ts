import type { RedisClient, SiteConfig } from '@feedloop/runtime';

const WINDOW_SECONDS = 60;
/** How often each instance adds its counts to Redis and learns the others'. */
export const RATE_LIMIT_SYNC_MS = 50;

interface Count {
  /** The site counted: its keys share one Redis Cluster slot, so they go in one pipeline. */
  site: string;
  /** The whole site's count, which other instances add to: refreshed at every sync. */
  shared: boolean;
  /** The total in Redis, all instances, when last synced. */
  known: number;
  /** Counted here and on their way to Redis. */
  sending: number;
  /** Counted here since. */
  pending: number;
}

/**
 * Fixed one-minute windows, counted in Redis so that the limits hold across ingest instances. A Redis call per
 * request would cost the intake half its throughput, so each instance counts in memory and, every
 * RATE_LIMIT_SYNC_MS, adds its counts to Redis and reads the sites' totals, in one pipeline per site (a site's keys
 * carry the hash tag `{rl:<site>}`: one Cluster slot per site, sites spread over the shards). A limit can be passed
 * by what the other instances took in that last moment, never more.
 */
export class RateLimiter {
  private counts = new Map<string, Count>();
  private window = -1;
  private syncing = false;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    this.timer = setInterval(() => void this.sync(), RATE_LIMIT_SYNC_MS);
    this.timer.unref();
  }

  /** Counts the request and returns the seconds to wait when `client` or the site is over its limit; else undefined. */
  retryAfter(site: SiteConfig, client: string, now = Date.now()): number | undefined {
    const window = Math.floor(now / 1000 / WINDOW_SECONDS);
    if (window !== this.window) {
      this.counts.clear();
      this.window = window;
    }
    const keys = [`${this.prefix}:{rl:${site.id}}:${window}:${client}`, `${this.prefix}:{rl:${site.id}}:${window}`];
    const limits = [site.rateLimit.perMinute, site.rateLimit.siteMinute ?? Infinity];
    const counts = keys.map((key, i) => this.counts.get(key) ?? this.counts.set(key, { site: site.id, shared: i === 1, known: 0, sending: 0, pending: 0 }).get(key)!);
    if (counts.some((c, i) => c.known + c.sending + c.pending >= limits[i]!)) {
      return Math.max(1, Math.ceil((window + 1) * WINDOW_SECONDS - now / 1000));
    }
    for (const count of counts) count.pending += 1;
    return undefined;
  }

  /** One sync at a time: a slow Redis must not stack pipelines. */
  private async sync(): Promise<void> {
    const due = [...this.counts].filter(([, c]) => c.pending > 0 || c.shared);
    if (due.length === 0 || this.syncing) return;
    this.syncing = true;
    const bySite = new Map<string, [string, Count][]>();
    for (const entry of due) bySite.set(entry[1].site, [...(bySite.get(entry[1].site) ?? []), entry]);
    await Promise.all([...bySite.values()].map((entries) => this.syncSite(entries)));
    this.syncing = false;
  }

  private async syncSite(due: [string, Count][]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [key, count] of due) {
      count.sending += count.pending;
      pipeline.incrby(key, count.pending).expire(key, WINDOW_SECONDS, 'NX');
      count.pending = 0;
    }
    const results = await pipeline.exec().catch(() => null);
    due.forEach(([, count], i) => {
      const total = results?.[2 * i]?.[1];
      // Without Redis the counts stay here, to be sent with the next sync.
      if (typeof total === 'number') count.known = Math.max(count.known, total);
      else count.pending += count.sending;
      count.sending = 0;
    });
  }

  close(): void {
    clearInterval(this.timer);
  }
}

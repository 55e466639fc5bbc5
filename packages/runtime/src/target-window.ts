import { headline, mergeHistograms, type Histogram } from '@feedloop/schema/insights';
import type { InsightsTarget, TargetWindow } from '@feedloop/schema';
import { isValidValue } from '@feedloop/schema/metrics';
import type { RedisClient } from './redis.js';
import { insightsKeys, utcDay } from './insights-keys.js';

const DAY_MS = 86_400_000;

/** The UTC days of a target's rolling window ending `today`, oldest first. */
export function windowDays(target: Pick<InsightsTarget, 'windowDays'>, today: string): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: target.windowDays }, (_, index) => utcDay(end - (target.windowDays - 1 - index) * DAY_MS));
}

/** A target's window with no judgement yet: counted, but `headline` is absent while there is no response. */
export type WindowReading = Omit<TargetWindow, 'headline'> & { headline: number | undefined; histogram: Histogram };

/**
 * Sums a target's day hashes over its rolling window, in one round trip (the keys share the site's slot).
 * Cells that are not a count on the metric's scale are skipped rather than failing the whole window.
 */
export async function readTargetWindow(redis: RedisClient, prefix: string, site: string, target: InsightsTarget, today: string): Promise<WindowReading> {
  const keys = insightsKeys(prefix, site);
  const days = windowDays(target, today);
  const pipeline = redis.pipeline();
  for (const day of days) pipeline.hgetall(keys.targetDay(target, day));
  const answers = (await pipeline.exec()) ?? [];
  const hashes = answers.map(([error, hash]) => {
    if (error) throw error;
    return hash as Record<string, string>;
  });
  const histogram = mergeHistograms(...hashes.map((hash) => onScale(target.metric, hash)));
  const result = headline(target.metric, histogram);
  return {
    from: days[0]!,
    to: days[days.length - 1]!,
    count: result.count,
    headline: result.headline,
    ...(result.ci95 ? { ci95: result.ci95 } : {}),
    histogram: result.histogram,
  };
}

function onScale(metric: InsightsTarget['metric'], hash: Record<string, string>): Histogram {
  const histogram: Histogram = {};
  for (const [value, count] of Object.entries(hash)) {
    const n = Number(count);
    // A cell that is not a count of a value on the scale was not written by the worker: skipped, not fatal.
    if (!Number.isInteger(n) || n < 0 || value.trim() === '' || !isValidValue(metric, Number(value))) continue;
    histogram[value] = n;
  }
  return histogram;
}

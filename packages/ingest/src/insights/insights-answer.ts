/**
 * The answer of `GET /v1/insights` (docs/insights.md): one site's metric grouped into rows, with a total compared
 * against the previous period of the same length.
 */
import type { InsightsDimension } from '@feedloop/runtime';
import type { RedisClient } from '@feedloop/runtime';
import { addDays, eachDay } from './dates.js';
import { groupRows, totalHistogram } from './group-rows.js';
import type { AnswerContext } from './insights-handler.js';
import type { GroupBy, InsightsQuery } from './insights-query.js';
import { readCounters, type CounterRead } from './read-counters.js';
import { summariseTotal, type Row, type Total } from './summary.js';

export interface InsightsAnswer {
  site: string;
  metric: InsightsQuery['metric'];
  from: string;
  to: string;
  groupBy: GroupBy;
  rows: Row[];
  total: Total;
}

/** Where the rows come from: the per-touchpoint counters, or the per-channel / per-agent ones. */
const ROW_DIMENSION: Record<GroupBy, InsightsDimension> = { day: 'tp', week: 'tp', touchpoint: 'tp', channel: 'ch', agent: 'ag' };

/**
 * The oldest UTC day whose counters are all still there on `today`. The worker expires a day's counters
 * `retentionDays` after the start of that day, so on `today` the day `retentionDays` before it is gone (or going,
 * during the day) and the one after it is the first whole one.
 */
export function oldestKeptDay(today: string, retentionDays: number): string {
  return addDays(today, -(retentionDays - 1));
}

/**
 * The answer to a validated query. The total (and the previous period) always come from the per-touchpoint
 * counters, so they count every response, also those without a channel or agent.
 */
export async function insightsAnswer(
  redis: RedisClient,
  { prefix, retentionDays }: { prefix: string; retentionDays: number },
  query: InsightsQuery,
  { today, log }: Pick<AnswerContext, 'today' | 'log'>,
): Promise<InsightsAnswer> {
  const { site, metric, touchpoint, from, to, groupBy, days } = query;
  const current = eachDay(from, to);
  const previousFrom = addDays(from, -days);
  const previous = eachDay(previousFrom, addDays(from, -1));
  const dimension = ROW_DIMENSION[groupBy];
  const reads: CounterRead[] = [{ dimension: 'tp', days: current }, { dimension: 'tp', days: previous }];
  if (dimension !== 'tp') reads.push({ dimension, days: current });
  const { cells, skipped } = await readCounters(redis, prefix, site, metric, touchpoint, reads);
  // Once per request, however many: a bad field repeats on every day it was written to.
  if (skipped > 0) log.warn({ site, metric, skipped }, 'insights counters: skipped hash fields that are not a count of a value on the metric scale');
  const [currentCells = [], previousCells = [], rowCells = currentCells] = cells;
  // ISO dates compare as strings.
  const previousComplete = previousFrom >= oldestKeptDay(today, retentionDays);
  return {
    site,
    metric,
    from,
    to,
    groupBy,
    rows: groupRows(metric, groupBy, from, to, rowCells),
    total: summariseTotal(metric, totalHistogram(currentCells), totalHistogram(previousCells), previousComplete),
  };
}

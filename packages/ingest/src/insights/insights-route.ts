/**
 * `GET /v1/insights` (DESIGN.md, "Insights API"; docs/insights.md): the daily counters of one site and metric,
 * grouped into rows, with a total compared against the previous period of the same length. Authorised by the
 * site's secret key.
 */
import { utcDay, type Config, type InsightsDimension } from '@feedloop/runtime';
import { FeedloopError } from '@feedloop/schema/errors';
import { carriesSecretKey } from '../carries-secret-key.js';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { addDays, eachDay } from './dates.js';
import { groupRows, totalHistogram } from './group-rows.js';
import { parseInsightsQuery, QueryInvalidError, type GroupBy, type InsightsQuery } from './insights-query.js';
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
 * The answer to a validated query. The total (and the previous period) always come from the per-touchpoint
 * counters, so they count every response, also those without a channel or agent.
 */
export async function insightsAnswer(redis: Redis, prefix: string, query: InsightsQuery): Promise<InsightsAnswer> {
  const { site, metric, touchpoint, from, to, groupBy, days } = query;
  const current = eachDay(from, to);
  const previous = eachDay(addDays(from, -days), addDays(from, -1));
  const dimension = ROW_DIMENSION[groupBy];
  const reads: CounterRead[] = [{ dimension: 'tp', days: current }, { dimension: 'tp', days: previous }];
  if (dimension !== 'tp') reads.push({ dimension, days: current });
  const [currentCells = [], previousCells = [], rowCells = currentCells] = await readCounters(redis, prefix, site, metric, touchpoint, reads);
  return {
    site,
    metric,
    from,
    to,
    groupBy,
    rows: groupRows(metric, groupBy, from, to, rowCells),
    total: summariseTotal(metric, totalHistogram(currentCells), totalHistogram(previousCells)),
  };
}

export function insightsRoute(app: FastifyInstance, config: Readonly<Config>, redis: Redis): void {
  const sites = new Map(config.sites.map((site) => [site.id, site]));

  app.get('/v1/insights', async (request, reply) => {
    const raw = request.query as Record<string, unknown> | undefined;
    // Who is asking is settled before the query is looked at: an unknown site answers as a wrong key does.
    const site = typeof raw?.site === 'string' ? sites.get(raw.site) : undefined;
    if (!site || !carriesSecretKey(request.headers.authorization, site.secretKey)) {
      throw new FeedloopError('SECRET_KEY_INVALID', "The insights API needs the secret key of the site in ?site=: Authorization: Bearer sk_…");
    }
    request.feedloopSite = site;
    let query: InsightsQuery;
    try {
      query = parseInsightsQuery(raw, utcDay(Date.now()));
    } catch (error) {
      if (!(error instanceof QueryInvalidError)) throw error;
      request.feedloopCode = error.code;
      return reply.code(400).send({ ...error.toBody(), issues: error.details });
    }
    let answer: InsightsAnswer;
    try {
      answer = await insightsAnswer(redis, config.redis.prefix, query);
    } catch (cause) {
      if (cause instanceof RangeError) throw cause; // a counter off the metric's scale: a bug, answered 500
      const { name, message } = cause as Error;
      request.log.warn({ err: { name, message } }, 'insights counters unavailable');
      reply.header('retry-after', '5');
      throw new FeedloopError('INSIGHTS_UNAVAILABLE');
    }
    return reply.header('cache-control', 'private, no-store').send(answer);
  });
}

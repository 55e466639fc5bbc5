import { TOUCHPOINT_GLOB } from '@feedloop/schema';
/**
 * The query of `GET /v1/insights` (DESIGN.md, "Insights API"): which site, metric and touchpoints, which UTC days,
 * and how to group the rows. Also the parameters and the parsing the other insights routes share with it.
 */
import { FeedloopError } from '@feedloop/schema/errors';
import { METRIC_NAMES, type Metric } from '@feedloop/schema/metrics';
import { z } from 'zod';
import { addDays, daysInclusive, isIsoDate } from './dates.js';

export const GROUP_BY = ['day', 'week', 'touchpoint', 'channel', 'agent'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Without `from`, the range is the last 30 days up to `to` (today, UTC, by default). */
export const DEFAULT_DAYS = 30;
/** The longest range one query may ask for (the counters' default retention). */
export const MAX_DAYS = 400;

/** A touchpoint name with `*` wildcards: `checkout`, `support.*`, `*`. */

const isoDate = z.string().refine(isIsoDate, 'must be a UTC date written YYYY-MM-DD');

/** `?site=`, which every insights route takes (the guard has checked it names a site whose key was sent). */
export const siteParam = z.string('is required').min(1, 'is required');
/** `?touchpoint=`: a touchpoint or a glob, every touchpoint by default. */
export const touchpointParam = z.string().regex(TOUCHPOINT_GLOB, 'must be a touchpoint name, * matching any characters').default('*');
export const metricParam = z.enum(METRIC_NAMES, `must be one of ${METRIC_NAMES.join(', ')}`);

export interface InsightsQuery {
  site: string;
  metric: Metric;
  touchpoint: string;
  from: string;
  to: string;
  groupBy: GroupBy;
  /** Days from `from` to `to`, both included. */
  days: number;
}

/** The query schema; `today` (`YYYY-MM-DD`, UTC) is where the default range ends. */
export function insightsQuerySchema(today: string) {
  return z
    .object({
      site: siteParam,
      metric: metricParam,
      touchpoint: touchpointParam,
      from: isoDate.optional(),
      to: isoDate.optional(),
      groupBy: z.enum(GROUP_BY, `must be one of ${GROUP_BY.join(', ')}`).default('day'),
    })
    .transform((q, ctx): InsightsQuery => {
      const to = q.to ?? today;
      const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
      const days = daysInclusive(from, to);
      if (days < 1) ctx.addIssue({ code: 'custom', path: ['from'], message: `must not be after to (${to})` });
      else if (days > MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range is ${days} days; at most ${MAX_DAYS} are allowed` });
      return { site: q.site, metric: q.metric, touchpoint: q.touchpoint, from, to, groupBy: q.groupBy, days };
    });
}

export interface QueryIssue {
  path: string;
  message: string;
}

/** A `QUERY_INVALID` error whose `details` are the issues, each with its parameter and reason. */
export class QueryInvalidError extends FeedloopError {
  declare readonly details: QueryIssue[];
  constructor(issues: QueryIssue[]) {
    super('QUERY_INVALID', issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), issues);
  }
}

/** The query `schema` validates, defaults filled in; throws a QueryInvalidError naming each bad parameter. */
export function parseQuery<Query>(schema: z.ZodType<Query>, raw: unknown): Query {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new QueryInvalidError(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
}

/** The validated query of `GET /v1/insights`, defaults filled in; throws a QueryInvalidError. */
export function parseInsightsQuery(raw: unknown, today: string): InsightsQuery {
  return parseQuery(insightsQuerySchema(today), raw);
}

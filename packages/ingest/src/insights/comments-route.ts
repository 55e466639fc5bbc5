/**
 * `GET /v1/insights/comments` (docs/insights.md): a site's latest comments, newest first, as the worker keeps them
 * (runtime's StoredComment: the rating around the comment, nobody's identity), filtered by touchpoint and metric.
 */
import { insightsKeys, MAX_COMMENTS, StoredComment, type Config } from '@feedloop/runtime';
import type { Metric } from '@feedloop/schema/metrics';
import type { FastifyInstance } from 'fastify';
import type { RedisClient } from '@feedloop/runtime';
import { z } from 'zod';
import type { InsightsGuard } from './insights-guard.js';
import { insightsHandler, type AnswerContext } from './insights-handler.js';
import { metricParam, parseQuery, siteParam, touchpointParam } from './insights-query.js';
import { touchpointMatcher } from '@feedloop/schema';

export const DEFAULT_COMMENTS = 50;
export const MAX_COMMENTS_PER_REQUEST = 200;

export interface CommentsQuery {
  site: string;
  touchpoint: string;
  metric: Metric | undefined;
  limit: number;
}

export interface CommentsAnswer {
  site: string;
  comments: StoredComment[];
}

const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_COMMENTS_PER_REQUEST}`;

const commentsQuerySchema = z
  .object({
    site: siteParam,
    touchpoint: touchpointParam,
    metric: metricParam.optional(),
    limit: z
      .string(LIMIT_MESSAGE)
      .regex(/^\d{1,4}$/, LIMIT_MESSAGE)
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_COMMENTS_PER_REQUEST, LIMIT_MESSAGE)
      .optional(),
  })
  .transform((q): CommentsQuery => ({ site: q.site, touchpoint: q.touchpoint, metric: q.metric, limit: q.limit ?? DEFAULT_COMMENTS }));

/** The validated query, defaults filled in; throws a QueryInvalidError. */
export function parseCommentsQuery(raw: unknown): CommentsQuery {
  return parseQuery(commentsQuerySchema, raw);
}

/** One entry of the list, or undefined for one that is not a StoredComment (not JSON, another shape). */
function parseEntry(entry: string): StoredComment | undefined {
  let json: unknown;
  try {
    json = JSON.parse(entry);
  } catch {
    return undefined;
  }
  const parsed = StoredComment.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The newest `limit` comments that match. The whole list (at most MAX_COMMENTS) is read in one LRANGE: a filter
 * may match only old entries, and the list is small. Entries are parsed one by one so that a bad one is skipped
 * rather than failing the answer; the schema also strips any field a StoredComment does not have.
 */
export async function commentsAnswer(redis: RedisClient, prefix: string, query: CommentsQuery, { log }: Pick<AnswerContext, 'log'>): Promise<CommentsAnswer> {
  const entries = await redis.lrange(insightsKeys(prefix, query.site).comments(), 0, MAX_COMMENTS - 1);
  const matches = touchpointMatcher(query.touchpoint);
  const comments: StoredComment[] = [];
  let skipped = 0;
  for (const entry of entries) {
    if (comments.length === query.limit) break;
    const comment = parseEntry(entry);
    if (!comment) skipped += 1;
    else if (matches(comment.touchpoint) && (query.metric === undefined || comment.metric === query.metric)) comments.push(comment);
  }
  if (skipped > 0) log.warn({ site: query.site, skipped }, 'insights comments: skipped entries that are not a stored comment');
  return { site: query.site, comments };
}

export function commentsRoute(app: FastifyInstance, config: Readonly<Config>, redis: RedisClient, onRequest: InsightsGuard): void {
  app.get('/v1/insights/comments', { onRequest }, insightsHandler(parseCommentsQuery, (query, context) => commentsAnswer(redis, config.redis.prefix, query, context)));
}

/**
 * The insights API (DESIGN.md, "Insights API"; docs/insights.md), every route authorised by the site's secret key
 * and rate-limited per site (insights-guard.ts):
 * - `GET /v1/insights`: the daily counters of one site and metric, grouped into rows, with a total compared against
 *   the previous period of the same length;
 * - `GET /v1/insights/comments`: the latest comments (comments-route.ts);
 * - `GET /v1/insights/targets`: each target's rolling window and breach state (targets-route.ts).
 */
import type { Config } from '@feedloop/runtime';
import type { FastifyInstance } from 'fastify';
import type { RedisClient } from '@feedloop/runtime';
import { RateLimiter } from '../rate-limiter.js';
import { commentsRoute } from './comments-route.js';
import { insightsAnswer } from './insights-answer.js';
import { insightsGuard } from './insights-guard.js';
import { insightsHandler } from './insights-handler.js';
import { parseInsightsQuery } from './insights-query.js';
import { targetsRoute } from './targets-route.js';

/** `redis` is the connection the insights reads use; the rate-limit counts go over it too, a few times a second. */
export function insightsRoute(app: FastifyInstance, config: Readonly<Config>, redis: RedisClient): void {
  // A key prefix of its own: the intake's limiter counts each site's events per minute (`siteMinute`), and reads of
  // the insights must not use that up, nor be refused for it.
  const limiter = new RateLimiter(redis, `${config.redis.prefix}:insights`);
  app.addHook('onClose', async () => limiter.close());
  const onRequest = insightsGuard(config, limiter);
  const counters = { prefix: config.redis.prefix, retentionDays: config.insights.retentionDays };

  app.get('/v1/insights', { onRequest }, insightsHandler(parseInsightsQuery, (query, context) => insightsAnswer(redis, counters, query, context)));
  commentsRoute(app, config, redis, onRequest);
  targetsRoute(app, config, redis, onRequest);
}

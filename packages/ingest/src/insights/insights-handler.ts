/**
 * What every insights route does once insights-guard.ts has let the request in: validate the query (400
 * QUERY_INVALID naming each bad parameter), read Redis (503 INSIGHTS_UNAVAILABLE with Retry-After when it cannot),
 * and send an answer no cache may keep (it is one site's private data).
 */
import { utcDay, type SiteConfig } from '@feedloop/runtime';
import { FeedloopError } from '@feedloop/schema/errors';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { QueryInvalidError } from './insights-query.js';

/** What an answer is computed from besides its query. */
export interface AnswerContext {
  /** The site whose secret key the request carried. */
  readonly site: SiteConfig;
  /** Today (UTC, `YYYY-MM-DD`), taken once per request: where default ranges and rolling windows end. */
  readonly today: string;
  readonly log: FastifyBaseLogger;
}

/** Seconds to wait before asking again while Redis cannot be read. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * Whether an error thrown while answering means Redis could not be read: ioredis's connection, timeout and reply
 * errors are plain Errors. A FeedloopError already says what it is, and a RangeError, TypeError or ReferenceError is
 * a bug of ours: answered 500, so that no client is told to retry it forever.
 */
function isRedisFailure(cause: unknown): boolean {
  return !(cause instanceof FeedloopError || cause instanceof RangeError || cause instanceof TypeError || cause instanceof ReferenceError);
}

/** The route handler of an insights endpoint: `parse` throws a QueryInvalidError, `answer` reads Redis. */
export function insightsHandler<Query, Answer>(
  parse: (raw: unknown, today: string) => Query,
  answer: (query: Query, context: AnswerContext) => Promise<Answer>,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (request, reply) => {
    const today = utcDay(Date.now());
    let query: Query;
    try {
      query = parse(request.query, today);
    } catch (error) {
      if (!(error instanceof QueryInvalidError)) throw error;
      request.feedloopCode = error.code;
      return reply.code(400).send({ ...error.toBody(), issues: error.details });
    }
    let body: Answer;
    try {
      body = await answer(query, { site: request.feedloopSite!, today, log: request.log });
    } catch (cause) {
      if (!isRedisFailure(cause)) throw cause;
      // Only what failed: a Redis error may carry the command's arguments.
      const { name, message } = cause as Error;
      request.log.warn({ err: { name, message } }, 'insights unavailable: Redis cannot be read');
      reply.header('retry-after', String(UNAVAILABLE_RETRY_SECONDS));
      throw new FeedloopError('INSIGHTS_UNAVAILABLE');
    }
    return reply.header('cache-control', 'private, no-store').send(body);
  };
}

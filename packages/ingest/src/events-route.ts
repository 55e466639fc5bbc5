import type { Config, EventJob, SiteConfig } from '@feedloop/runtime';
import { FeedloopError, LIMITS } from '@feedloop/schema';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decompressBody } from './body-parsers.js';
import { carriesSecretKey } from './carries-secret-key.js';
import { originAllowed, setCorsHeaders, setPreflightHeaders } from './cors.js';
import { protectIp, rateLimitClient } from './client-ip.js';
import type { EventQueue } from './event-queue.js';
import type { IngestMetrics } from './metrics.js';
import type { RateLimiter } from './rate-limiter.js';
import { readEvents } from './read-events.js';
import { SiteDirectory } from './site-directory.js';
import { correctedTimestamp } from './skew.js';

declare module 'fastify' {
  interface FastifyRequest {
    feedloopSite?: SiteConfig;
  }
}

/** Constant-time comparison of `Authorization: Bearer <secret key>` with the site's. */
function siteKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-feedloop-key'];
  if (typeof header === 'string' && header) return header;
  const query = request.query as { key?: unknown } | undefined;
  return typeof query?.key === 'string' && query.key ? query.key : undefined;
}

export interface EventsRouteDeps {
  queue: EventQueue;
  limiter: RateLimiter;
  metrics: IngestMetrics;
}

export function eventsRoute(app: FastifyInstance, config: Readonly<Config>, { queue, limiter, metrics }: EventsRouteDeps): void {
  const sites = new SiteDirectory(config.sites);

  app.options('/v1/events', async (request, reply) => {
    const origin = request.headers.origin;
    const key = siteKey(request);
    const site = key ? sites.fromKey(key) : undefined;
    if (!origin || !originAllowed(config, origin, site)) throw new FeedloopError('ORIGIN_FORBIDDEN');
    setPreflightHeaders(reply, origin);
    return reply.code(204).send();
  });

  app.post('/v1/events', {
    bodyLimit: LIMITS.requestBytes,
    // Who is asking is settled before a byte of the body is read.
    onRequest: async (request, reply) => {
      const origin = request.headers.origin;
      if (origin && originAllowed(config, origin)) setCorsHeaders(reply, origin);
      const site = sites.fromKey(siteKey(request));
      // A browser always sends Origin with a POST; without one, the caller is a server and proves it with the secret key.
      if (origin === undefined) {
        if (!carriesSecretKey(request.headers.authorization, site.secretKey)) throw new FeedloopError('SECRET_KEY_INVALID');
      } else if (!SiteDirectory.allowsOrigin(site, origin)) throw new FeedloopError('ORIGIN_FORBIDDEN');
      const wait = limiter.retryAfter(site, rateLimitClient(request.ip, config.privacy));
      if (wait !== undefined) {
        reply.header('retry-after', String(wait));
        throw new FeedloopError('RATE_LIMITED');
      }
      request.feedloopSite = site;
    },
    preParsing: decompressBody,
    handler: async (request, reply) => {
      const site = request.feedloopSite!;
      const receivedAt = new Date();
      const { events, repeats, rejected, warnings, sentAt } = readEvents(request.body, request.feedloopBodyChars);
      if (events.length === 0) {
        const reason = rejected.map((r) => `#${r.index}: ${r.message}`).join(' | ');
        const error = new FeedloopError('BODY_INVALID', `No event in the body is valid. ${reason}`);
        metrics.events.inc({ outcome: 'rejected' }, rejected.length);
        request.feedloopCode = error.code;
        return reply.code(400).send({ ...error.toBody(), accepted: 0, duplicates: 0, rejected, warnings });
      }
      const userAgent = request.headers['user-agent']?.slice(0, 512);
      // request.ip is X-Forwarded-For's client only when the peer is a configured trusted proxy.
      const ip = protectIp(request.ip, config.privacy);
      const received = receivedAt.toISOString();
      const jobs = events.map(({ event }) => {
        const job: EventJob = { site: site.id, event, receivedAt: received, timestamp: correctedTimestamp(event.createdAt, receivedAt, sentAt) };
        if (userAgent) job.userAgent = userAgent;
        if (ip) job.ip = ip;
        return job;
      });
      let result;
      const timer = metrics.enqueueSeconds.startTimer();
      try {
        result = await queue.enqueue(jobs);
      } catch (cause) {
        // Only what failed: a Redis error carries the command's arguments, the events of every request in the write.
        const { name, message } = cause as Error;
        request.log.warn({ err: { name, message } }, 'queue unavailable');
        throw new FeedloopError('QUEUE_UNAVAILABLE');
      } finally {
        timer();
      }
      metrics.events.inc({ outcome: 'accepted' }, result.accepted);
      metrics.events.inc({ outcome: 'duplicate' }, result.duplicates.length + repeats);
      metrics.events.inc({ outcome: 'rejected' }, rejected.length);
      request.feedloopCode = 'ACCEPTED';
      return reply.code(202).send({ accepted: result.accepted, duplicates: result.duplicates.length + repeats, rejected, warnings });
    },
  });
}

import type { Config, EventJob, SiteConfig } from '@feedloop/runtime';
import { FeedloopError, LIMITS } from '@feedloop/schema';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decompressBody } from './body-parsers.js';
import { originAllowed, setCorsHeaders, setPreflightHeaders } from './cors.js';
import type { EventQueue } from './event-queue.js';
import { readEvents } from './read-events.js';
import { SiteDirectory } from './site-directory.js';
import { correctedTimestamp } from './skew.js';

declare module 'fastify' {
  interface FastifyRequest {
    feedloopSite?: SiteConfig;
  }
}

function siteKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-feedloop-key'];
  if (typeof header === 'string' && header) return header;
  const query = request.query as { key?: unknown } | undefined;
  return typeof query?.key === 'string' && query.key ? query.key : undefined;
}

export function eventsRoute(app: FastifyInstance, config: Readonly<Config>, queue: EventQueue): void {
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
      if (!SiteDirectory.allowsOrigin(site, origin)) throw new FeedloopError('ORIGIN_FORBIDDEN');
      request.feedloopSite = site;
    },
    preParsing: decompressBody,
    handler: async (request, reply) => {
      const site = request.feedloopSite!;
      const receivedAt = new Date();
      const { events, repeats, rejected, warnings, sentAt } = readEvents(request.body);
      if (events.length === 0) {
        const reason = rejected.map((r) => `#${r.index}: ${r.message}`).join(' | ');
        const error = new FeedloopError('BODY_INVALID', `No event in the body is valid. ${reason}`);
        return reply.code(400).send({ ...error.toBody(), accepted: 0, duplicates: 0, rejected, warnings });
      }
      const userAgent = request.headers['user-agent'];
      const jobs: EventJob[] = events.map(({ event }) => ({
        site: site.id,
        event,
        receivedAt: receivedAt.toISOString(),
        timestamp: correctedTimestamp(event.createdAt, receivedAt, sentAt),
        ...(userAgent ? { userAgent } : {}),
      }));
      let result;
      try {
        result = await queue.enqueue(jobs);
      } catch (cause) {
        request.log.warn({ err: cause }, 'queue unavailable');
        throw new FeedloopError('QUEUE_UNAVAILABLE');
      }
      return reply.code(202).send({ accepted: result.accepted, duplicates: result.duplicates.length + repeats, rejected, warnings });
    },
  });
}

/**
 * Who may read a site's insights, and how often. Every insights route needs the secret key of the site named in
 * `?site=` (`Authorization: Bearer sk_…`), checked before anything else of the request is looked at; then each site
 * may make `insights.readsPerMinute` requests a minute, across every ingest instance.
 */
import type { Config, SiteConfig } from '@feedloop/runtime';
import { FeedloopError } from '@feedloop/schema/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { carriesSecretKey } from '../carries-secret-key.js';
import type { RateLimiter } from '../rate-limiter.js';

/**
 * What the rate limiter counts an insights request against. The limiter keys a count per site and "client"; the
 * secret key is the only client there is, so one fixed name makes the count per site (and per secret key).
 */
const CLIENT = 'secret-key';

/** The onRequest hook every insights route runs before its handler. */
export type InsightsGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The onRequest hook of the insights routes: 401 SECRET_KEY_INVALID, then 429 RATE_LIMITED with Retry-After.
 * `limiter` must count apart from the intake's (its own key prefix), or reads would use up a site's `siteMinute`.
 */
export function insightsGuard(config: Readonly<Config>, limiter: RateLimiter): InsightsGuard {
  const sites = new Map(config.sites.map((site) => [site.id, site]));
  // The limiter reads a site's limit from its rateLimit; the insights limit replaces the intake's per-IP one.
  const perMinute = config.insights.readsPerMinute;
  const limited = new Map<string, SiteConfig>(config.sites.map((site) => [site.id, { ...site, rateLimit: { perMinute } }]));

  return async (request, reply) => {
    const raw = request.query as Record<string, unknown> | undefined;
    // An unknown site answers as a wrong key does, and in the same time (the key is checked either way): the API
    // does not tell which sites exist.
    const site = typeof raw?.site === 'string' ? sites.get(raw.site) : undefined;
    const keyCarried = carriesSecretKey(request.headers.authorization, site?.secretKey);
    if (!site || !keyCarried) {
      throw new FeedloopError('SECRET_KEY_INVALID', 'The insights API needs the secret key of the site in ?site=: Authorization: Bearer sk_…');
    }
    request.feedloopSite = site;
    const wait = limiter.retryAfter(limited.get(site.id)!, CLIENT);
    if (wait !== undefined) {
      reply.header('retry-after', String(wait));
      throw new FeedloopError('RATE_LIMITED', `The insights API takes ${perMinute} requests a minute per site; retry after the time in Retry-After.`);
    }
  };
}

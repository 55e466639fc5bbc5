import type { Config, SiteConfig } from '@feedloop/runtime';
import type { FastifyReply } from 'fastify';
import { SiteDirectory } from './site-directory.js';

const ALLOW_HEADERS = 'content-type, content-encoding, x-feedloop-key, authorization';

/** True when the origin is allowed for `site`, or, before the site is known, for any configured site. */
export function originAllowed(config: Readonly<Config>, origin: string, site?: SiteConfig): boolean {
  const candidates = site ? [site] : config.sites;
  return candidates.some((s) => SiteDirectory.allowsOrigin(s, origin));
}

export function setCorsHeaders(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
  // Without this a page on another origin cannot read Retry-After on a 429 or 503, and would guess its backoff.
  reply.header('access-control-expose-headers', 'retry-after');
  reply.header('vary', 'Origin');
}

export function setPreflightHeaders(reply: FastifyReply, origin: string): void {
  setCorsHeaders(reply, origin);
  reply.header('access-control-allow-methods', 'POST, OPTIONS');
  reply.header('access-control-allow-headers', ALLOW_HEADERS);
  // Browsers cap this (Chromium at 2 hours), but it saves a preflight on every rating.
  reply.header('access-control-max-age', '86400');
}

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { errorBody } from '@feedloop/schema/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The built widget, read once: the script, the ESM build and the language files. Empty when it is not built. */
function loadWidget(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  let dist: string;
  try {
    dist = dirname(createRequire(import.meta.url).resolve('@feedloop/widget/feedloop.iife.js'));
  } catch {
    return assets;
  }
  const add = (path: string, file: string, type: string) => {
    try {
      const body = readFileSync(file);
      assets.set(path, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
    } catch {
      // Not built: the route answers 404.
    }
  };
  add('feedloop.iife.js', join(dist, 'feedloop.iife.js'), 'text/javascript; charset=utf-8');
  add('feedloop.mjs', join(dist, 'feedloop.mjs'), 'text/javascript; charset=utf-8');
  const locales = (() => {
    try {
      return readdirSync(join(dist, 'locales')).filter((name) => /^[a-z]{2,3}\.json$/.test(name));
    } catch {
      return [];
    }
  })();
  for (const name of locales) add(`locales/${name}`, join(dist, 'locales', name), 'application/json; charset=utf-8');
  return assets;
}

/**
 * Serves an asset with a strong ETag, a day of caching and a week of stale-while-revalidate: the URL is not
 * versioned, so a new release reaches pages within a day, and a revalidation costs a 304.
 */
function send(asset: Asset | undefined, request: FastifyRequest, reply: FastifyReply) {
  if (!asset) return reply.code(404).send(errorBody('NOT_FOUND'));
  reply
    .header('etag', asset.etag)
    .header('cache-control', 'public, max-age=86400, stale-while-revalidate=604800')
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin');
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  return reply.type(asset.type).send(asset.body);
}

/** `GET /v1/widget.js` and `/widget/*`: the widget comes from the same server it sends ratings to. */
export function widgetRoutes(app: FastifyInstance): void {
  const assets = loadWidget();
  app.get('/v1/widget.js', (request, reply) => send(assets.get('feedloop.iife.js'), request, reply));
  app.get<{ Params: { '*': string } }>('/widget/*', (request, reply) => send(assets.get(request.params['*']), request, reply));
}

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built widget: feedloop.iife.js, feedloop.mjs and locales/<lang>.json. */
export function widgetDist(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@feedloop/widget/feedloop.iife.js'));
}

/**
 * Serves the widget at `/widget/`. Any site may load it: the language files are fetched cross-origin from the host
 * page, so they carry `Access-Control-Allow-Origin: *` (they are public, like the script).
 */
export async function serveWidgetAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: widgetDist(),
    prefix: '/widget/',
    decorateReply: false,
    setHeaders: (reply) => void reply.header('access-control-allow-origin', '*'),
  });
}

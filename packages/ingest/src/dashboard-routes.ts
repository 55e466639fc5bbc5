/**
 * `GET /dashboard`: the insights dashboard (@feedloop/dashboard), an HTML shell and the built script and stylesheet,
 * served from the server whose insights API it calls, so every request stays on one origin under a strict CSP.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { errorBody } from '@feedloop/schema/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** Nothing from elsewhere, nothing inline: the page runs its own script and calls its own server, no more. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const etagOf = (body: Buffer | string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

/** The built dashboard, read once; empty when the package is not built (`npm run build`). */
function loadDashboard(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const require = createRequire(import.meta.url);
  const add = (name: string, specifier: string, type: string) => {
    try {
      const body = readFileSync(require.resolve(specifier));
      assets.set(name, { body, type, etag: etagOf(body) });
    } catch {
      // Not built (or not installed): the route answers 404.
    }
  };
  add('app.js', '@feedloop/dashboard/dashboard.js', 'text/javascript; charset=utf-8');
  add('app.css', '@feedloop/dashboard/dashboard.css', 'text/css; charset=utf-8');
  return assets;
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The page: no inline script or style; the script finds the API under `data-base` (ingest's route prefix). */
function shell(base: string, assets: Map<string, Asset>): string {
  const url = (name: string) => escapeAttribute(`${base}/dashboard/${name}?v=${assets.get(name)?.etag.slice(1, 9) ?? ''}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>Feedloop insights</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${url('app.css')}">
<script type="module" src="${url('app.js')}"></script>
</head>
<body>
<div id="feedloop-dashboard" data-base="${escapeAttribute(base)}"><noscript>The Feedloop dashboard needs JavaScript.</noscript></div>
</body>
</html>
`;
}

function notBuilt(request: FastifyRequest, reply: FastifyReply) {
  request.feedloopCode = 'NOT_FOUND';
  return reply.code(404).send(errorBody('NOT_FOUND'));
}

/**
 * The script and stylesheet with a strong ETag, revalidated on every load (a 304 when unchanged): the page names them
 * with a version, so a new build shows at once.
 */
function send(asset: Asset | undefined, request: FastifyRequest, reply: FastifyReply) {
  if (!asset) return notBuilt(request, reply);
  reply.header('etag', asset.etag).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').header('cross-origin-resource-policy', 'same-origin');
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  return reply.type(asset.type).send(asset.body);
}

/** `GET /dashboard`, `/dashboard/app.js` and `/dashboard/app.css`. */
export function dashboardRoutes(app: FastifyInstance): void {
  const assets = loadDashboard();
  const built = assets.has('app.js') && assets.has('app.css');
  // Under a prefix (ingest mounted in another server), the page and its API calls go under it too.
  const html = shell(app.prefix, assets);
  app.get('/dashboard', (request, reply) => {
    if (!built) return notBuilt(request, reply);
    return reply
      .header('content-security-policy', DASHBOARD_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .header('cross-origin-opener-policy', 'same-origin')
      .header('cross-origin-resource-policy', 'same-origin')
      .type('text/html; charset=utf-8')
      .send(html);
  });
  app.get('/dashboard/app.js', (request, reply) => send(assets.get('app.js'), request, reply));
  app.get('/dashboard/app.css', (request, reply) => send(assets.get('app.css'), request, reply));
}

/** The dashboard's routes in ingest's OpenAPI document (openapi.ts). */
export const DASHBOARD_OPENAPI_PATHS = {
  '/dashboard': {
    get: {
      summary: 'The insights dashboard (sign in with a site id and its secret key); strict CSP, not cached',
      security: [],
      responses: { '200': { description: 'HTML.' }, '404': { description: 'The dashboard is not built.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    },
  },
  '/dashboard/app.js': { get: { summary: "The dashboard's script (ETag, revalidated)", security: [], responses: { '200': { description: 'JavaScript.' }, '304': { description: 'Not modified.' } } } },
  '/dashboard/app.css': { get: { summary: "The dashboard's stylesheet (ETag, revalidated)", security: [], responses: { '200': { description: 'CSS.' }, '304': { description: 'Not modified.' } } } },
};

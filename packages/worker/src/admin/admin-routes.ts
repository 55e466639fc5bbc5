import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { errorBody, FeedloopError } from '@feedloop/schema/errors';
import type { Queue } from 'bullmq';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyTypeProvider,
  FastifyTypeProviderDefault,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerBase,
  RawServerDefault,
} from 'fastify';

export const DEFAULT_ADMIN_BASE_PATH = '/admin/queues';

/** What a browser needs to show its login prompt. */
export const ADMIN_AUTH_CHALLENGE = 'Basic realm="Feedloop admin", charset="UTF-8"';

const MIN_SECRET_LENGTH = 16;

export interface RegisterAdminOptions {
  /** The queues the board shows: `{events}` and one `deliveryQueueName(id)` per destination, with the configured prefix. */
  queues: readonly Queue[];
  /** `admin.secret` from the configuration (at least 16 characters). */
  secret: string;
  /** Where the board lives; default `/admin/queues`. */
  basePath?: string;
}

/**
 * Mounts Bull Board under `basePath` (default `/admin/queues`) behind the admin secret.
 *
 * Every route below the base path (the pages, the static assets, the board's JSON API, and any unknown path) is
 * answered only when the request carries the secret: HTTP Basic with any user name and the secret as password (so a
 * browser shows its login prompt), or `Authorization: Bearer <secret>`. Anything else gets 401 `ADMIN_UNAUTHORIZED`
 * with a `WWW-Authenticate: Basic` challenge. The board's actions (retry, clean, pause, …) are allowed: it is an
 * operator tool.
 */
const FOREIGN_FETCH_SITES = new Set(['cross-site', 'same-site']);

export async function registerAdmin<
  Server extends RawServerBase = RawServerDefault,
  Logger extends FastifyBaseLogger = FastifyBaseLogger,
  TypeProvider extends FastifyTypeProvider = FastifyTypeProviderDefault,
>(
  app: FastifyInstance<Server, RawRequestDefaultExpression<Server>, RawReplyDefaultExpression<Server>, Logger, TypeProvider>,
  options: RegisterAdminOptions,
): Promise<void> {
  const basePath = normaliseBasePath(options.basePath ?? DEFAULT_ADMIN_BASE_PATH);
  const isAuthorised = secretChecker(options.secret);

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Feedloop queues' } },
  });

  // An encapsulated context (no fastify-plugin): its hook and 404 handler cover the board's routes and nothing else of `app`.
  await app.register(
    async (admin) => {
      admin.addHook('onRequest', async (request, reply) => {
        // A browser re-sends remembered Basic credentials to requests other pages make: an action comes from the
        // board's own pages only. `same-site` is refused too: a sibling subdomain is another app, maybe a weaker one.
        // No header: not a browser (curl, a script), which has no remembered credentials to abuse.
        if (request.method !== 'GET' && FOREIGN_FETCH_SITES.has(String(request.headers['sec-fetch-site']))) {
          return reply.code(403).header('Cache-Control', 'no-store').send(errorBody('ORIGIN_FORBIDDEN'));
        }
        if (isAuthorised(request.headers.authorization)) return;
        return reply
          .code(401)
          .header('WWW-Authenticate', ADMIN_AUTH_CHALLENGE)
          .header('Cache-Control', 'no-store')
          .send(errorBody('ADMIN_UNAUTHORIZED'));
      });
      // Unknown paths below the base path pass the same check, so they reveal nothing without the secret.
      admin.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody('NOT_FOUND')));
      await admin.register(serverAdapter.registerPlugin());
    },
    { prefix: basePath },
  );
}

function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (!/^\/[^\s?#]*$/.test(trimmed)) {
    throw new FeedloopError('CONFIG_INVALID', `registerAdmin: basePath must be a path below /, such as ${DEFAULT_ADMIN_BASE_PATH}; got "${path}"`);
  }
  return trimmed;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares SHA-256 digests in constant time, so neither the secret's content nor its length leaks through timing. */
function secretChecker(secret: string): (authorization: string | undefined) => boolean {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new FeedloopError('CONFIG_INVALID', `registerAdmin: the admin secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const expected = digest(secret);
  return (authorization) => {
    const presented = presentedSecret(authorization);
    return presented !== undefined && timingSafeEqual(digest(presented), expected);
  };
}

/** The password of `Basic base64(user:password)` (any user name) or the token of `Bearer <token>`. */
function presentedSecret(authorization: string | undefined): string | undefined {
  const match = authorization === undefined ? null : /^([A-Za-z]+) +(.+)$/s.exec(authorization);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const credentials = match[2]!;
  if (scheme === 'bearer') return credentials;
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(credentials.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

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
import { foreignActionReason } from './foreign-action.js';
import { secretChecker } from './secret-checker.js';

export const DEFAULT_ADMIN_BASE_PATH = '/admin/queues';

/** What a browser needs to show its login prompt. */
export const ADMIN_AUTH_CHALLENGE = 'Basic realm="Feedloop admin", charset="UTF-8"';

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
 * with a `WWW-Authenticate: Basic` challenge. The board's actions (retry, clean, pause, …) are allowed, from the
 * board's own pages only (`foreignActionReason`): it is an operator tool.
 */
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
        // board's own pages only (or from a client that is not a browser, which has no remembered credentials).
        const foreign = foreignActionReason(request.method, request.headers);
        if (foreign) return reply.code(403).header('Cache-Control', 'no-store').send(errorBody('ORIGIN_FORBIDDEN', foreign));
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

import { webhookSecrets, type Config, type Logger, type WebhookDestinationConfig } from '@feedloop/runtime';
import { verifyWebhook } from '@feedloop/webhooks';
import Fastify from 'fastify';
import { isLoopbackUrl } from '../loopback.js';
import { INBOX_PAGE, INBOX_SCRIPT } from './inbox-page.js';
import { InboxStore } from './inbox-store.js';

export interface RunningInbox {
  url: string;
  store: InboxStore;
  close(): Promise<void>;
}

/** The first webhook destination that points at this machine: the inbox answers at its URL. */
export function localWebhook(config: Readonly<Config>): WebhookDestinationConfig | undefined {
  return config.destinations.find(
    (d): d is WebhookDestinationConfig => d.type === 'webhook' && isLoopbackUrl(d.url),
  );
}

/**
 * A local webhook receiver for trying Feedloop out: it verifies each delivery's signature with the
 * destination's secret, as an integrator would, and shows the records on a live page.
 */
export async function startInbox(destination: WebhookDestinationConfig, logger: Logger): Promise<RunningInbox> {
  const target = new URL(destination.url);
  const secrets = webhookSecrets(destination);
  const store = new InboxStore();
  const app = Fastify({ logger: false, forceCloseConnections: true });
  // The signature covers the exact bytes, so the body must not be parsed before it is verified.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post(target.pathname, async (request, reply) => {
    const result = verifyWebhook(request.body as Buffer, request.headers, secrets);
    if (!result.ok) {
      logger.warn({ error: result.error }, 'inbox refused a webhook');
      // 400, not 401: a sender reads 401 as bad credentials and pauses the destination.
      return reply.code(400).send({ error: result.error });
    }
    const { event } = result;
    store.add(result.id, event.type === 'feedback.created' ? { record: event.data } : { alert: event.data });
    return reply.code(204).send();
  });
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(INBOX_PAGE));
  app.get('/inbox.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(INBOX_SCRIPT));
  app.get('/records.json', async () => store.list());
  app.get('/events', (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    reply.raw.write(': connected\n\n');
    const unsubscribe = store.subscribe((entry) => reply.raw.write(`event: record\ndata: ${JSON.stringify(entry)}\n\n`));
    request.raw.on('close', unsubscribe);
  });

  await app.listen({ host: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port || 80) });
  const url = `${target.protocol}//${target.host}/`;
  return {
    url,
    store,
    close: async () => {
      await app.close();
    },
  };
}

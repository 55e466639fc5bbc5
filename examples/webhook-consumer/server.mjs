// A Feedloop webhook receiver in plain node:http: verify, dedupe, answer fast, then handle.
// Run it:   FEEDLOOP_WEBHOOK_SECRET=whsec_… node server.mjs      (PORT, HOST and WEBHOOK_PATH are optional)
// Or import createServer() from it, as test/webhook-consumer.test.ts does.
import http from 'node:http';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { secretKey, verifyWebhook } from '@feedloop/webhooks';

/** Feedloop's events stay far below this (32 KB per rating before enrichment); anything bigger is not from it. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * How long a `webhook-id` is remembered. Feedloop retries a delivery it got no 2xx for, with a fresh
 * `webhook-timestamp`, for about a day with its default retry settings: remember ids at least that long.
 */
export const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/** The HTTP status for each verification error, as docs/errors.md lists them, and what Feedloop does with it. */
const STATUS_OF = {
  WEBHOOK_HEADERS_MISSING: 400, // not from Feedloop: nothing to retry
  WEBHOOK_TIMESTAMP_INVALID: 401, // a replay, or a clock more than 5 minutes off: 401 pauses the destination loudly instead of dead-lettering every event
  WEBHOOK_SIGNATURE_INVALID: 401, // wrong secret or a changed body; Feedloop pauses the destination on 401 and keeps its jobs
  WEBHOOK_PAYLOAD_INVALID: 400, // signed by Feedloop, but not an event this library knows: it goes to Feedloop's failed set
  WEBHOOK_SECRET_INVALID: 500, // our own configuration is wrong: Feedloop retries
};

/**
 * The secrets in `FEEDLOOP_WEBHOOK_SECRET`: one `whsec_…`, or several separated by spaces or commas while rotating.
 * @param {string | undefined} value
 * @returns {string[]}
 */
export function secretsFrom(value) {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

/**
 * Remembers `webhook-id`s in this process's memory for `ttlMs`, at most `maxEntries` of them.
 * Fine for one process that may forget on restart. In production use a store every instance shares and that
 * survives restarts: Redis (`SET feedloop:webhook:<id> 1 NX EX 86400` answers "OK" only the first time) or a
 * unique key on the event id in the table the record goes to.
 */
export class MemoryDedupe {
  /** @type {Map<string, number>} id → when it expires (ms); in insertion order, which is also expiry order */
  #seen = new Map();
  #ttlMs;
  #maxEntries;
  #now;

  /** @param {{ ttlMs?: number, maxEntries?: number, now?: () => number }} [options] */
  constructor({ ttlMs = DEDUPE_TTL_MS, maxEntries = 100_000, now = Date.now } = {}) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  /**
   * True the first time an id is seen (and remembers it); false for a repeat within the TTL.
   * @param {string} id
   */
  firstTime(id) {
    const now = this.#now();
    for (const [oldId, expires] of this.#seen) {
      if (expires > now) break;
      this.#seen.delete(oldId);
    }
    if (this.#seen.has(id)) return false;
    // Full: forget the oldest ids first (a repeat of one of them would then be handled again).
    for (const oldId of this.#seen.keys()) {
      if (this.#seen.size < this.#maxEntries) break;
      this.#seen.delete(oldId);
    }
    this.#seen.set(id, now + this.#ttlMs);
    return true;
  }
}

/**
 * One line per rating: what a real handler would store, forward or act on.
 * @param {import('@feedloop/webhooks').EnrichedRecord} record
 */
export function summary(record) {
  const comment = record.comment ? `, comment "${record.comment.slice(0, 60)}${record.comment.length > 60 ? '…' : ''}"` : '';
  return `feedback ${record.id}: ${record.metric} ${record.value} (${record.bucket}) at ${record.touchpoint}, site ${record.site}${comment}`;
}

/**
 * One line per alert. Alerts come only when the destination asks for them (`"when": { "types": [...] }`).
 * @param {import('@feedloop/webhooks').AlertRecord} alert
 */
export function alertSummary(alert) {
  if (alert.type === 'alert.detractor') return `alert ${alert.id}: follow up on ${summary(alert.rating)}`;
  const { target, window } = alert;
  // The headline is in the metric's units: percent for csat, emoji, thumbs and fcr; −100…100 for nps; the 1–7 mean for ces.
  return `alert ${alert.id}: ${target.metric} target missed at ${target.touchpoint}, site ${alert.site}: ` +
    `${Number(window.headline.toFixed(2))} < ${target.min} from ${window.from} to ${window.to} (n = ${window.count})`;
}

/**
 * What to do with each verified event: switch on its type, which also types its `data`.
 * @param {import('@feedloop/webhooks').WebhookEvent} event
 */
export function describeEvent(event) {
  switch (event.type) {
    case 'feedback.created':
      return summary(event.data);
    case 'alert.target_missed':
    case 'alert.detractor':
      return alertSummary(event.data);
    default:
      // verifyWebhook refuses types it does not know, so this is only reached after the library learns a new one:
      // a handler written before it should let the event pass, not fail on it.
      return `ignored an event of type ${/** @type {{ type: string }} */ (event).type}`;
  }
}

/**
 * @typedef {object} ConsumerOptions
 * @property {string | readonly string[] | undefined} secrets  `whsec_…` secrets; any one may match (rotation).
 * @property {string} [path]  Where Feedloop posts. Default `/hook`, as in examples/demo/feedloop.config.json.
 * @property {number} [maxBodyBytes]  Bigger bodies are answered 413 without being read. Default 64 KB.
 * @property {{ firstTime(id: string): boolean | Promise<boolean> }} [dedupe]  Default: a MemoryDedupe.
 * @property {(event: import('@feedloop/webhooks').WebhookEvent, id: string) => void | Promise<void>} [onEvent]
 *   Handles a verified, new event (a rating or an alert) after the answer was sent. Default: logs describeEvent(event).
 * @property {Pick<Console, 'log' | 'warn' | 'error'>} [logger]  Default: console.
 */

/**
 * The receiver as a node:http server, not listening yet.
 * @param {ConsumerOptions} options
 * @returns {http.Server}
 */
export function createServer(options) {
  const secrets = typeof options.secrets === 'string' ? [options.secrets] : [...(options.secrets ?? [])];
  if (secrets.length === 0) throw new Error('No webhook secret: set FEEDLOOP_WEBHOOK_SECRET to the destination’s whsec_… secret.');
  for (const secret of secrets) secretKey(secret); // throws WEBHOOK_SECRET_INVALID now rather than on every request
  const path = options.path ?? '/hook';
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const dedupe = options.dedupe ?? new MemoryDedupe();
  const logger = options.logger ?? console;
  const onEvent = options.onEvent ?? ((event) => logger.log(describeEvent(event)));

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function receive(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return answer(res, 404, { error: { code: 'NOT_FOUND', message: `Feedloop posts to ${path}.` } });
    if (req.method !== 'POST') return answer(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Only POST.' } }, { allow: 'POST' });

    // 1. The raw bytes, as sent: the signature covers them, and parsed-then-reserialised JSON would not match.
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      return answer(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: `The body is over ${maxBodyBytes} bytes.` } }, { connection: 'close' });
    }

    // 2. Verify the signature and the timestamp, and get the typed event. Nothing in it is trusted before this.
    const result = verifyWebhook(body, req.headers, secrets);
    if (!result.ok) {
      logger.warn(`refused a webhook (id ${req.headers['webhook-id'] ?? 'none'}): ${result.error.code}: ${result.error.message}`);
      return answer(res, STATUS_OF[result.error.code] ?? 400, { error: result.error });
    }

    // 3. Delivery is at least once: a repeat carries the same webhook-id (the event id). Answer 2xx, do nothing.
    let first;
    try {
      first = await dedupe.firstTime(result.id);
    } catch (error) {
      logger.error(`dedupe store failed: ${error instanceof Error ? error.message : String(error)}`);
      return answer(res, 503, { error: { code: 'DEDUPE_UNAVAILABLE', message: 'Try again later.' } });
    }
    if (!first) {
      logger.log(`repeat of ${result.id} ignored`);
      return answer(res, 204);
    }

    // 4. Answer at once (Feedloop waits 15 s at most, then retries), and handle the event afterwards.
    //    Work that must not be lost belongs in a durable queue or table written before this answer.
    answer(res, 204);
    setImmediate(async () => {
      try {
        await onEvent(result.event, result.id);
      } catch (error) {
        logger.error(`handling ${result.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  const server = http.createServer((req, res) => {
    receive(req, res).catch((error) => {
      // Mostly a sender that hung up mid-body: there is no one to answer.
      logger.warn(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent && !req.destroyed) answer(res, 500, { error: { code: 'INTERNAL', message: 'Something went wrong.' } });
      else res.destroy();
    });
  });
  // A sender that trickles its body is not Feedloop: do not hold a connection for it (Node's default is 5 minutes).
  server.requestTimeout = 10_000;
  return server;
}

/**
 * The body as a Buffer, or undefined as soon as it is known to be over `limit` bytes. The rest is then read and
 * dropped, not kept, so that the 413 reaches the sender before the connection closes.
 * @param {http.IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer | undefined>}
 */
function readBody(req, limit) {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) resolve(undefined);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => reject(new Error('the sender hung up before the end of the body'))); // no-op after 'end'
  });
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} [json]
 * @param {Record<string, string>} [headers]
 */
function answer(res, status, json, headers = {}) {
  if (json === undefined) return void res.writeHead(status, headers).end();
  const text = JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
}

// Run as a program: `node server.mjs`. Imported (by a test, or your own code), it only exports.
const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const secrets = secretsFrom(process.env.FEEDLOOP_WEBHOOK_SECRET);
  let server;
  try {
    server = createServer({ secrets, path: process.env.WEBHOOK_PATH ?? '/hook' });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 8788);
  server.listen(port, host, () => {
    const address = /** @type {import('node:net').AddressInfo} */ (server.address());
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    console.log(`listening on http://${shown}:${address.port}${process.env.WEBHOOK_PATH ?? '/hook'} with ${secrets.length} secret(s)`);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => server.close(() => process.exit(0)));
  }
}

import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { EnrichedRecord } from '@feedloop/schema';
import { verifyWebhook } from '@feedloop/webhooks';

export interface DedupeReceiverOptions {
  /** How long each request is held before it is answered, so that deliveries are in flight when a test strikes. */
  delayMs?: number;
}

/** What a delivery meets while the receiver is cut off: a proxy's 503, or a connection nobody answers. */
export type ReceiverOutage = '503' | 'hang';

/**
 * A webhook consumer that does what the docs ask of an integrator: verify the signature, then treat a
 * `webhook-id` seen before as a repeat. It keeps every raw request, so tests can tell at-least-once
 * repeats (allowed) from loss (never).
 */
export interface DedupeReceiver {
  url: string;
  /** Raw requests per `webhook-id` that verified, and when each arrived (ms since epoch). */
  arrivals: Map<string, number[]>;
  /** The first record received per `webhook-id` (a rating's enriched record, with the ingest's `receivedAt`). */
  records: Map<string, EnrichedRecord>;
  /** Requests whose signature (or body) did not verify, answered 400. */
  invalid: { id: string | undefined; reason: string }[];
  /** Verified requests in all. */
  readonly raw: number;
  /** Distinct `webhook-id`s received. */
  readonly distinct: number;
  /** Raw requests beyond the first per `webhook-id`: what deduping absorbed. */
  readonly repeats: number;
  /** When the last verified request arrived (ms since epoch), 0 before any. */
  readonly lastAt: number;
  /**
   * Cuts the receiver off (`'503'`, `'hang'`) or restores it (`null`): requests meanwhile are not processed; hung
   * ones are reset when it is restored, as when a network comes back.
   */
  outage(mode: ReceiverOutage | null): void;
  /**
   * Keeps answers back (requests are still processed on arrival) until `release()`, so that a test can strike while
   * deliveries are certainly in flight: `ids` are the `webhook-id`s whose answers are being kept.
   */
  holdAnswers(): { ids: ReadonlySet<string>; release(): void };
  /** Ids of `expected` not received yet. */
  missing(expected: Iterable<string>): string[];
  /** Resolves once every id of `expected` has arrived; rejects after `timeoutMs` with how many are missing. */
  waitForAll(expected: readonly string[], timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startDedupeReceiver(secret: string, options: DedupeReceiverOptions = {}): Promise<DedupeReceiver> {
  const arrivals = new Map<string, number[]>();
  const invalid: DedupeReceiver['invalid'] = [];
  let raw = 0;
  let lastAt = 0;
  const records = new Map<string, EnrichedRecord>();
  let cutOff: ReceiverOutage | null = null;
  const hung = new Set<Socket>();
  let heldAnswers: { answers: (() => void)[]; ids: Set<string> } | null = null;
  const server: Server = createServer((req, res) => {
    if (cutOff === '503') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    if (cutOff === 'hang') {
      hung.add(req.socket);
      req.socket.once('close', () => hung.delete(req.socket));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const headerId = req.headers['webhook-id'] as string | undefined;
      const verified = verifyWebhook(body, req.headers, secret);
      let status = 204;
      if (!verified.ok) {
        invalid.push({ id: headerId, reason: `${verified.error.code}: ${verified.error.message}` });
        status = 400;
      } else if (verified.id !== verified.event.data.id) {
        invalid.push({ id: headerId, reason: `webhook-id ${verified.id} is not the event id ${verified.event.data.id}` });
        status = 400;
      } else {
        // Processed on arrival, as a real consumer would: if the sender dies before reading the answer, it sends again.
        raw += 1;
        lastAt = at;
        const list = arrivals.get(verified.id);
        if (list) list.push(at);
        else {
          arrivals.set(verified.id, [at]);
          if (verified.event.type === 'feedback.created') records.set(verified.id, verified.event.data as EnrichedRecord);
        }
      }
      const answer = () => {
        if (!res.destroyed) res.writeHead(status).end();
      };
      const answerInTurn = () => {
        if (!heldAnswers) return answer();
        heldAnswers.answers.push(answer);
        if (headerId) heldAnswers.ids.add(headerId);
      };
      if (options.delayMs) setTimeout(answerInTurn, options.delayMs);
      else answerInTurn();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  const missing = (expected: Iterable<string>) => [...expected].filter((id) => !arrivals.has(id));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    records,
    invalid,
    get raw() {
      return raw;
    },
    get distinct() {
      return arrivals.size;
    },
    get repeats() {
      return raw - arrivals.size;
    },
    get lastAt() {
      return lastAt;
    },
    outage(mode) {
      cutOff = mode;
      if (mode === null) for (const socket of hung) socket.destroy();
    },
    holdAnswers() {
      const held = { answers: [] as (() => void)[], ids: new Set<string>() };
      heldAnswers = held;
      return {
        ids: held.ids,
        release() {
          if (heldAnswers === held) heldAnswers = null;
          for (const answer of held.answers.splice(0)) answer();
        },
      };
    },
    missing,
    async waitForAll(expected, timeoutMs) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const left = missing(expected);
        if (left.length === 0) return;
        if (Date.now() > until) {
          throw new Error(`${left.length} of ${expected.length} events never reached the receiver after ${timeoutMs} ms (first: ${left.slice(0, 5).join(', ')})`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A killed worker's keep-alive sockets would otherwise hold the server open.
        server.closeAllConnections();
      }),
  };
}

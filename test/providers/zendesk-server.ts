import { listenLocally } from './listen-locally.js';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { invalidFields } from './zendesk/invalid-fields.js';
import { RateWindow } from './zendesk/rate-window.js';
import { ticketJson } from './zendesk/ticket-json.js';
import { TicketStore, type StoredTicket } from './zendesk/ticket-store.js';
import { FAILURE_FIXTURES, type ZendeskFailure } from './zendesk/zendesk-failure.js';
import { zendeskFixture } from './zendesk/zendesk-fixture.js';

export { zendeskFixture, type StoredTicket, type ZendeskFailure };

/**
 * A fake Zendesk Support (Ticketing) API on 127.0.0.1, answering `POST /api/v2/tickets` and
 * `GET /api/v2/tickets?external_id=` the way developer.zendesk.com documents them:
 *
 * - auth: `Authorization: Basic base64("{email}/token:{apiToken}")` or `Bearer {oauthToken}`; anything else → 401.
 * - `Accept: application/json` on every request and `Content-Type: application/json` on POST ("You must supply…");
 *   a request without them is a protocol problem (see `problems`), answered 400 by this fake (Zendesk's own answer
 *   to that is not documented).
 * - `Idempotency-Key`: a repeat with the same body inside the key's lifetime (two hours) answers the cached 201 with
 *   `x-idempotency-lookup: hit` (a first use: `miss`); the same key with another body → 400 `IdempotentRequestError`.
 *   Only created tickets are cached (undocumented: a refused request does not use up its key here).
 * - rate limit: a per-minute window; every answer carries `X-Rate-Limit`, `X-Rate-Limit-Remaining`,
 *   `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset`; past the limit → 429 + `Retry-After`.
 * - required fields: a `ticket` with a comment `body` (or `html_body`); `priority`, `type`, `tags`, `requester`,
 *   `custom_fields` must have Zendesk's shapes, else 422 `RecordInvalid` with `details`.
 *
 * Answers come from test/fixtures/zendesk/answer-*.json. `failNext` makes the next requests fail in each way Zendesk
 * documents (and a few it does not: `conflict`, `hang`, `lose-response`).
 */

export interface FakeZendeskOptions {
  /** Accepted credentials: email + apiToken (Basic) and/or oauthToken (Bearer). */
  email?: string;
  apiToken?: string;
  oauthToken?: string;
  /** Requests per minute before 429. Default 700 (Enterprise). */
  limitPerMinute?: number;
  /** How long an Idempotency-Key is remembered. Default two hours. */
  keyLifetimeMs?: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived (ms since epoch). */
  at: number;
  /** The status answered; undefined when the fake did not answer (hang, lose-response). */
  status?: number;
  lookup?: 'hit' | 'miss';
}

export interface FakeZendesk {
  /** The base URL to configure (`baseUrl`). */
  url: string;
  requests: SeenRequest[];
  /** Protocol mistakes the client made (missing headers, wrong method or path, malformed body). */
  problems: string[];
  tickets: StoredTicket[];
  /** Users by e-mail, as created from `requester`. */
  users: Map<string, { id: number; name: string }>;
  failNext(failure: ZendeskFailure, times?: number): void;
  /**
   * For `ms`, every request is refused as when another integration has used up the account's per-minute quota:
   * 429 with a Retry-After of the seconds left.
   */
  throttleFor(ms: number): void;
  /** Moves the fake's clock on (key lifetime, rate-limit window). */
  advance(ms: number): void;
  close(): Promise<void>;
}

interface KeyEntry {
  body: string;
  at: number;
  status: number;
  headers: Record<string, string>;
  answer: string;
}

export async function startFakeZendesk(options: FakeZendeskOptions = { email: 'agent@example.com', apiToken: 'tok' }): Promise<FakeZendesk> {
  const limitPerMinute = options.limitPerMinute ?? 700;
  const keyLifetimeMs = options.keyLifetimeMs ?? 2 * 60 * 60_000;
  const accepted = new Set<string>();
  if (options.email && options.apiToken) accepted.add(`Basic ${Buffer.from(`${options.email}/token:${options.apiToken}`).toString('base64')}`);
  if (options.oauthToken) accepted.add(`Bearer ${options.oauthToken}`);

  let offset = 0;
  const now = () => Date.now() + offset;
  const rateWindow = new RateWindow(limitPerMinute, now);
  const failures: ZendeskFailure[] = [];
  let throttledUntil = 0;
  const keys = new Map<string, KeyEntry>();
  const requests: SeenRequest[] = [];
  const problems: string[] = [];
  const store = new TicketStore();
  let base = '';

  function answer(res: ServerResponse, seen: SeenRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    seen.status = status;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
    res.writeHead(status, { 'content-type': type, ...rateWindow.headers(), ...headers }).end(text);
  }

  function answerFixture(res: ServerResponse, seen: SeenRequest, name: string, headers: Record<string, string> = {}): void {
    const fixture = zendeskFixture(name);
    answer(res, seen, fixture.status, fixture.body, { ...fixture.headers, ...headers });
  }

  function protocolProblem(res: ServerResponse, seen: SeenRequest, problem: string): void {
    problems.push(`${seen.method} ${seen.path}: ${problem}`);
    answer(res, seen, 400, { error: 'FakeZendeskProtocolError', description: problem });
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', base);
    const seen: SeenRequest = { method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body, at: Date.now() };
    requests.push(seen);

    rateWindow.count();

    const isTickets = /^\/api\/v2\/tickets(\.json)?$/.test(url.pathname);
    if (!isTickets) {
      problems.push(`${seen.method} ${seen.path}: no such endpoint in this fake`);
      return answerFixture(res, seen, 'answer-404-invalid-endpoint.json');
    }
    if (req.method !== 'POST' && req.method !== 'GET') return protocolProblem(res, seen, `method ${req.method} is not how tickets are created or listed`);
    if (!accepted.has(req.headers.authorization ?? '')) return answerFixture(res, seen, 'answer-401-unauthorized.json');
    if (!/application\/json/.test(req.headers.accept ?? '')) return protocolProblem(res, seen, 'Accept: application/json is required on every request');

    if (rateWindow.exceeded) return answerFixture(res, seen, 'answer-429-rate-limited.json', { 'retry-after': rateWindow.secondsLeft() });
    if (now() < throttledUntil) {
      return answerFixture(res, seen, 'answer-429-rate-limited.json', { 'retry-after': String(Math.ceil((throttledUntil - now()) / 1000)) });
    }

    const failure = failures.shift();
    if (failure === 'hang') return; // the socket stays open until the client gives up or the fake closes
    if (failure === 'throttle-without-retry-after') {
      const fixture = zendeskFixture('answer-429-rate-limited.json');
      const headers = { ...fixture.headers };
      delete headers['retry-after'];
      seen.status = 429;
      res.writeHead(429, { ...headers, ...rateWindow.headers(), 'ratelimit-remaining': '0', 'x-rate-limit-remaining': '0' }).end(fixture.body as string);
      return;
    }
    if (failure && failure !== 'lose-response') return answerFixture(res, seen, FAILURE_FIXTURES[failure]!);

    if (req.method === 'GET') {
      const externalId = url.searchParams.get('external_id');
      if (externalId === null) return protocolProblem(res, seen, 'this fake lists tickets by external_id only');
      const listed = store.tickets.filter((t) => t.external_id === externalId).map((t) => ticketJson(t, base, now()));
      const fixture = zendeskFixture<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }>('answer-200-list-by-external-id.json');
      return answer(res, seen, fixture.status, { ...fixture.body, tickets: listed, count: listed.length }, fixture.headers);
    }

    if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return protocolProblem(res, seen, 'Content-Type: application/json is required on POST');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return protocolProblem(res, seen, 'the body is not JSON');
    }
    const ticket = (parsed as { ticket?: unknown } | null)?.ticket;
    if (!ticket || typeof ticket !== 'object' || Array.isArray(ticket)) {
      return answer(res, seen, 400, { error: 'InvalidValue', description: 'ticket parameter is missing' });
    }

    const key = req.headers['idempotency-key'];
    const keyText = Array.isArray(key) ? key[0] : key;
    if (keyText !== undefined) {
      if (keyText.length === 0 || keyText.length > 255) return protocolProblem(res, seen, 'an Idempotency-Key is 1–255 characters');
      const entry = keys.get(keyText);
      if (entry && now() - entry.at < keyLifetimeMs) {
        if (entry.body !== body) return answerFixture(res, seen, 'answer-400-idempotent-request-error.json');
        seen.status = entry.status;
        seen.lookup = 'hit';
        res.writeHead(entry.status, { ...entry.headers, ...rateWindow.headers(), 'x-idempotency-lookup': 'hit' }).end(entry.answer);
        return;
      }
    }

    const details = invalidFields(ticket as Record<string, unknown>);
    if (Object.keys(details).length > 0) {
      const fixture = zendeskFixture('answer-422-record-invalid.json');
      return answer(res, seen, 422, { ...(fixture.body as object), details }, fixture.headers);
    }

    const stored = store.create(ticket as Record<string, unknown>);
    const location = `${base}/api/v2/tickets/${stored.id}.json`;
    const headers = { 'content-type': 'application/json; charset=utf-8', location };
    const text = JSON.stringify({ ticket: ticketJson(stored, base, now()) });
    if (keyText !== undefined) keys.set(keyText, { body, at: now(), status: 201, headers, answer: text });
    if (failure === 'lose-response') {
      res.socket?.destroy();
      return;
    }
    seen.status = 201;
    if (keyText !== undefined) seen.lookup = 'miss';
    res.writeHead(201, { ...headers, ...rateWindow.headers(), ...(keyText !== undefined ? { 'x-idempotency-lookup': 'miss' } : {}) }).end(text);
  }

  const server = await listenLocally((req, body, res) => handle(req, res, body));
  base = server.url;

  return {
    url: base,
    requests,
    problems,
    tickets: store.tickets,
    users: store.users,
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i += 1) failures.push(failure);
    },
    throttleFor(ms) {
      throttledUntil = now() + ms;
    },
    advance(ms) {
      offset += ms;
    },
    close: () => server.close(),
  };
}

import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

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

export type ZendeskFailure =
  | 'throttle' // 429 + Retry-After
  | 'throttle-without-retry-after' // 429 with only the ratelimit-* headers (seen in the wild)
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'conflict' // 409
  | 'invalid' // 422 RecordInvalid
  | 'server-error' // 500
  | 'unavailable' // 503 without Retry-After
  | 'database-timeout' // 503 with Retry-After
  | 'hang' // never answers
  | 'lose-response'; // creates the ticket, then drops the connection without answering

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
  /** The status answered; undefined when the fake did not answer (hang, lose-response). */
  status?: number;
  lookup?: 'hit' | 'miss';
}

export interface StoredTicket {
  id: number;
  external_id: string | null;
  subject: string;
  description: string;
  public: boolean;
  priority: string | null;
  type: string | null;
  group_id: number | null;
  requester_id: number;
  tags: string[];
  custom_fields: { id: number; value: unknown }[];
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
  /** Moves the fake's clock on (key lifetime, rate-limit window). */
  advance(ms: number): void;
  close(): Promise<void>;
}

interface FixtureAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const FIXTURES = new URL('../fixtures/zendesk/', import.meta.url);

export function zendeskFixture<T = FixtureAnswer>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

const FAILURE_FIXTURES: Partial<Record<ZendeskFailure, string>> = {
  throttle: 'answer-429-rate-limited.json',
  unauthorized: 'answer-401-unauthorized.json',
  forbidden: 'answer-403-forbidden.json',
  'not-found': 'answer-404-invalid-endpoint.json',
  conflict: 'answer-409-conflict.json',
  invalid: 'answer-422-record-invalid.json',
  'server-error': 'answer-500-server-error.json',
  unavailable: 'answer-503-unavailable.json',
  'database-timeout': 'answer-503-database-timeout.json',
};

const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const TYPES = ['problem', 'incident', 'question', 'task'];
const API_USER_ID = 20978392;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
  let window = { start: now(), used: 0 };
  const failures: ZendeskFailure[] = [];
  const keys = new Map<string, KeyEntry>();
  const requests: SeenRequest[] = [];
  const problems: string[] = [];
  const tickets: StoredTicket[] = [];
  const users = new Map<string, { id: number; name: string }>();
  let nextTicketId = 35436;
  let nextUserId = 30000001;
  let base = '';

  function rateHeaders(): Record<string, string> {
    const remaining = Math.max(0, limitPerMinute - window.used);
    const reset = String(Math.max(1, Math.ceil((window.start + 60_000 - now()) / 1000)));
    return {
      'x-rate-limit': String(limitPerMinute),
      'x-rate-limit-remaining': String(remaining),
      'ratelimit-limit': String(limitPerMinute),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': reset,
    };
  }

  function answer(res: ServerResponse, seen: SeenRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    seen.status = status;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
    res.writeHead(status, { 'content-type': type, ...rateHeaders(), ...headers }).end(text);
  }

  function answerFixture(res: ServerResponse, seen: SeenRequest, name: string, headers: Record<string, string> = {}): void {
    const fixture = zendeskFixture(name);
    answer(res, seen, fixture.status, fixture.body, { ...fixture.headers, ...headers });
  }

  function protocolProblem(res: ServerResponse, seen: SeenRequest, problem: string): void {
    problems.push(`${seen.method} ${seen.path}: ${problem}`);
    answer(res, seen, 400, { error: 'FakeZendeskProtocolError', description: problem });
  }

  /** What Zendesk would refuse in a ticket: `details` as in a 422 RecordInvalid, empty when it is fine. */
  function invalidFields(ticket: Record<string, unknown>): Record<string, { description: string; error: string }[]> {
    const details: Record<string, { description: string; error: string }[]> = {};
    const add = (field: string, description: string, error = 'InvalidValue') => (details[field] ??= []).push({ description, error });
    const comment = ticket.comment as { body?: unknown; html_body?: unknown; public?: unknown } | undefined;
    const text = comment && typeof comment === 'object' ? (comment.body ?? comment.html_body) : undefined;
    if (typeof text !== 'string' || text.trim() === '') add('base', 'Description: cannot be blank', 'BlankValue');
    if (comment && comment.public !== undefined && typeof comment.public !== 'boolean') add('comment', 'Comment: public must be true or false');
    if (ticket.subject !== undefined && typeof ticket.subject !== 'string') add('subject', 'Subject: is invalid');
    if (ticket.priority !== undefined && !PRIORITIES.includes(ticket.priority as string)) add('priority', `Priority: ${String(ticket.priority)} is not valid`);
    if (ticket.type !== undefined && !TYPES.includes(ticket.type as string)) add('type', `Type: ${String(ticket.type)} is not valid`);
    if (ticket.external_id !== undefined && typeof ticket.external_id !== 'string') add('external_id', 'External id: is invalid');
    if (ticket.group_id !== undefined && !Number.isInteger(ticket.group_id)) add('group_id', 'Group: is invalid');
    if (ticket.tags !== undefined && (!Array.isArray(ticket.tags) || ticket.tags.some((t) => typeof t !== 'string' || /\s/.test(t)))) {
      add('tags', 'Tags: must be a list of tags without spaces');
    }
    if (ticket.requester !== undefined) {
      const requester = ticket.requester as { email?: unknown; name?: unknown };
      if (typeof requester.email !== 'string' || !EMAIL.test(requester.email)) add('requester', 'Requester: Email is invalid');
      if (requester.name !== undefined && typeof requester.name !== 'string') add('requester', 'Requester: Name is invalid');
    }
    if (ticket.custom_fields !== undefined) {
      const fields = ticket.custom_fields;
      if (!Array.isArray(fields) || fields.some((f) => !f || typeof f !== 'object' || !Number.isInteger((f as { id?: unknown }).id))) {
        add('custom_fields', 'Custom fields: each is { id, value }');
      }
    }
    return details;
  }

  function ticketJson(ticket: StoredTicket): unknown {
    const template = zendeskFixture<{ body: { ticket: Record<string, unknown> } }>('answer-201-created.json').body.ticket;
    const at = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      ...template,
      url: `${base}/api/v2/tickets/${ticket.id}.json`,
      id: ticket.id,
      external_id: ticket.external_id,
      created_at: at,
      updated_at: at,
      type: ticket.type,
      subject: ticket.subject,
      raw_subject: ticket.subject,
      description: ticket.description,
      priority: ticket.priority,
      requester_id: ticket.requester_id,
      submitter_id: API_USER_ID,
      group_id: ticket.group_id,
      is_public: ticket.public,
      tags: ticket.tags,
      custom_fields: ticket.custom_fields,
    };
  }

  function create(ticket: Record<string, unknown>): StoredTicket {
    const comment = ticket.comment as { body?: string; html_body?: string; public?: boolean };
    let requesterId = API_USER_ID;
    const requester = ticket.requester as { email: string; name?: string } | undefined;
    if (requester) {
      const email = requester.email.toLowerCase();
      const user = users.get(email) ?? { id: nextUserId++, name: requester.name ?? email };
      users.set(email, user);
      requesterId = user.id;
    }
    const stored: StoredTicket = {
      id: nextTicketId++,
      external_id: (ticket.external_id as string | undefined) ?? null,
      subject: (ticket.subject as string | undefined) ?? '',
      description: comment.body ?? comment.html_body ?? '',
      public: comment.public ?? true,
      priority: (ticket.priority as string | undefined) ?? null,
      type: (ticket.type as string | undefined) ?? null,
      group_id: (ticket.group_id as number | undefined) ?? null,
      requester_id: requesterId,
      tags: [...new Set(((ticket.tags as string[] | undefined) ?? []).map((t) => t.toLowerCase()))].sort(),
      custom_fields: (ticket.custom_fields as { id: number; value: unknown }[] | undefined) ?? [],
    };
    tickets.push(stored);
    return stored;
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', base);
    const seen: SeenRequest = { method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body };
    requests.push(seen);

    if (now() - window.start >= 60_000) window = { start: now(), used: 0 };
    window.used += 1;

    const isTickets = /^\/api\/v2\/tickets(\.json)?$/.test(url.pathname);
    if (!isTickets) {
      problems.push(`${seen.method} ${seen.path}: no such endpoint in this fake`);
      return answerFixture(res, seen, 'answer-404-invalid-endpoint.json');
    }
    if (req.method !== 'POST' && req.method !== 'GET') return protocolProblem(res, seen, `method ${req.method} is not how tickets are created or listed`);
    if (!accepted.has(req.headers.authorization ?? '')) return answerFixture(res, seen, 'answer-401-unauthorized.json');
    if (!/application\/json/.test(req.headers.accept ?? '')) return protocolProblem(res, seen, 'Accept: application/json is required on every request');

    if (window.used > limitPerMinute) {
      const retryAfter = String(Math.max(1, Math.ceil((window.start + 60_000 - now()) / 1000)));
      return answerFixture(res, seen, 'answer-429-rate-limited.json', { 'retry-after': retryAfter });
    }

    const failure = failures.shift();
    if (failure === 'hang') return; // the socket stays open until the client gives up or the fake closes
    if (failure === 'throttle-without-retry-after') {
      const fixture = zendeskFixture('answer-429-rate-limited.json');
      const headers = { ...fixture.headers };
      delete headers['retry-after'];
      seen.status = 429;
      res.writeHead(429, { ...headers, ...rateHeaders(), 'ratelimit-remaining': '0', 'x-rate-limit-remaining': '0' }).end(fixture.body as string);
      return;
    }
    if (failure && failure !== 'lose-response') return answerFixture(res, seen, FAILURE_FIXTURES[failure]!);

    if (req.method === 'GET') {
      const externalId = url.searchParams.get('external_id');
      if (externalId === null) return protocolProblem(res, seen, 'this fake lists tickets by external_id only');
      const listed = tickets.filter((t) => t.external_id === externalId).map(ticketJson);
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
        res.writeHead(entry.status, { ...entry.headers, ...rateHeaders(), 'x-idempotency-lookup': 'hit' }).end(entry.answer);
        return;
      }
    }

    const details = invalidFields(ticket as Record<string, unknown>);
    if (Object.keys(details).length > 0) {
      const fixture = zendeskFixture('answer-422-record-invalid.json');
      return answer(res, seen, 422, { ...(fixture.body as object), details }, fixture.headers);
    }

    const stored = create(ticket as Record<string, unknown>);
    const location = `${base}/api/v2/tickets/${stored.id}.json`;
    const headers = { 'content-type': 'application/json; charset=utf-8', location };
    const text = JSON.stringify({ ticket: ticketJson(stored) });
    if (keyText !== undefined) keys.set(keyText, { body, at: now(), status: 201, headers, answer: text });
    if (failure === 'lose-response') {
      res.socket?.destroy();
      return;
    }
    seen.status = 201;
    if (keyText !== undefined) seen.lookup = 'miss';
    res.writeHead(201, { ...headers, ...rateHeaders(), ...(keyText !== undefined ? { 'x-idempotency-lookup': 'miss' } : {}) }).end(text);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    url: base,
    requests,
    problems,
    tickets,
    users,
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i += 1) failures.push(failure);
    },
    advance(ms) {
      offset += ms;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

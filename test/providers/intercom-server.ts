import { listenLocally } from './listen-locally.js';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/**
 * A stand-in for Intercom's `POST /events` on a random loopback port. It checks each request the way the Data
 * Events API documents it (bearer token, `Intercom-Version`, JSON body with `event_name`, `created_at` in seconds,
 * one contact identifier, flat metadata), answers like Intercom (202 with an empty body, `error.list` bodies,
 * `X-RateLimit-*` headers on authenticated answers, 10-second windows), keeps one event per contact, name and
 * created_at (Intercom's de-duplication), and can be told to fail in each documented way, or not to answer at all.
 * Its error bodies are the fixtures in test/fixtures/intercom/errors.json.
 */

export type IntercomAnswerName = keyof typeof ERRORS;
export type IntercomFailure = IntercomAnswerName | 'hang';

interface FixtureAnswer {
  status: number;
  contentType?: string;
  body: unknown;
}

const ERRORS = JSON.parse(readFileSync(new URL('../fixtures/intercom/errors.json', import.meta.url), 'utf8')) as Record<
  | 'unauthorized' | 'token-revoked' | 'forbidden' | 'user-not-found' | 'route-not-found' | 'not-acceptable' | 'conflict'
  | 'parameter-invalid' | 'parameter-not-found' | 'version-invalid' | 'unprocessable' | 'rate-limited' | 'request-timeout'
  | 'server-error' | 'bad-gateway' | 'service-unavailable',
  FixtureAnswer
>;

/** API versions Intercom documents (developers.intercom.com, API changelog), and `Unstable`. */
export const INTERCOM_VERSIONS = [
  '1.0', '1.1', '1.2', '1.3', '1.4', '2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11',
  '2.12', '2.13', '2.14', '2.15', '2.16', '2.17', 'Unstable',
];

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status it was answered with; undefined while hanging. */
  status?: number;
}

export interface StoredEvent {
  event_name: string;
  created_at: number;
  user_id?: string;
  email?: string;
  id?: string;
  metadata: Record<string, unknown>;
}

export interface IntercomServerOptions {
  token?: string;
  /** Contacts that exist; events for anyone else get 404 User Not Found. */
  userIds?: string[];
  emails?: string[];
  /** Requests per 10-second window (Intercom: 1,000 a minute is 167 per window). */
  perWindow?: number;
}

export interface IntercomServer {
  /** The base URL to configure (`baseUrl`). */
  url: string;
  token: string;
  requests: ReceivedRequest[];
  /** Events kept, after de-duplication. */
  events: StoredEvent[];
  /** Events answered 202 but dropped as duplicates. */
  duplicates: number;
  /** Things Intercom would accept but silently lose: metadata keys past the 10th, strings past 255 characters. */
  problems: string[];
  /** The next `times` requests get this answer (after the request is read), whatever they contain. */
  failNext(failure: IntercomFailure, times?: number): void;
  close(): Promise<void>;
}

const WINDOW_MS = 10_000;
const METADATA_KEYS = 10;
const STRING_CHARS = 255;

/** Flat metadata: scalars, or the two documented objects (rich link `{url, value}`, money `{amount, currency}`). */
function metadataProblem(metadata: unknown): string | undefined {
  if (metadata === undefined) return undefined;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return 'metadata must be an object';
  for (const [key, value] of Object.entries(metadata)) {
    if (/[.$\0]/.test(key)) return `metadata key ${key} may not contain . or $`;
    if (['string', 'number', 'boolean'].includes(typeof value) || value === null) continue;
    const keys = typeof value === 'object' ? Object.keys(value).sort().join(',') : '';
    if (keys === 'url,value' || keys === 'amount,currency') continue;
    return `metadata ${key}: nested JSON is not supported`;
  }
  return undefined;
}

export async function startIntercomServer(options: IntercomServerOptions = {}): Promise<IntercomServer> {
  const token = options.token ?? 'dG9rOmZlZWRsb29wLXRlc3Q=';
  const userIds = new Set(options.userIds ?? ['u-42']);
  const emails = new Set((options.emails ?? ['jane@example.com']).map((e) => e.toLowerCase()));
  const perWindow = options.perWindow ?? 167;
  const requests: ReceivedRequest[] = [];
  const events: StoredEvent[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  const failures: IntercomFailure[] = [];
  let duplicates = 0;
  let window = { start: 0, used: 0 };

  /** Counts the request in its 10-second window and gives the rate-limit headers (undefined: over the limit). */
  function countRequest(now: number): { headers: Record<string, string>; over: boolean } {
    const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    if (window.start !== start) window = { start, used: 0 };
    window.used += 1;
    const remaining = Math.max(0, perWindow - window.used);
    return {
      over: window.used > perWindow,
      headers: {
        'x-ratelimit-limit': String(perWindow),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': String((start + WINDOW_MS) / 1000),
      },
    };
  }

  function answer(res: ServerResponse, request: ReceivedRequest, name: IntercomAnswerName | 202, headers: Record<string, string> = {}): void {
    if (name === 202) {
      request.status = 202;
      res.writeHead(202, headers).end();
      return;
    }
    const fixture = ERRORS[name];
    request.status = fixture.status;
    const body = typeof fixture.body === 'string' ? fixture.body : JSON.stringify(fixture.body);
    res.writeHead(fixture.status, { 'content-type': fixture.contentType ?? 'application/json; charset=utf-8', ...headers }).end(body);
  }

  function handle(request: ReceivedRequest, res: ServerResponse): void {
    const failure = failures.shift();
    if (failure === 'hang') return; // never answers; the socket is destroyed on close
    const h = request.headers;

    // Unauthenticated answers carry no rate-limit headers (Intercom: "not sent when the request has no valid credentials").
    if (h.authorization !== `Bearer ${token}`) return answer(res, request, 'unauthorized');
    const { headers: limits, over } = countRequest(Date.now());
    if (failure) return answer(res, request, failure, failure === 'rate-limited' ? { ...limits, 'x-ratelimit-remaining': '0' } : limits);
    if (over) return answer(res, request, 'rate-limited', limits);
    if (request.method !== 'POST' || request.path !== '/events') return answer(res, request, 'route-not-found', limits);
    const accept = String(h.accept ?? '');
    if (!/application\/json|\*\/\*/.test(accept)) return answer(res, request, 'not-acceptable', limits);
    // Intercom falls back to the app's version without the header; the adapter must always send it, so it is required here.
    if (!INTERCOM_VERSIONS.includes(String(h['intercom-version']))) return answer(res, request, 'version-invalid', limits);
    if (!String(h['content-type'] ?? '').startsWith('application/json')) return answer(res, request, 'parameter-invalid', limits);

    let event: StoredEvent;
    try {
      event = JSON.parse(request.body) as StoredEvent;
    } catch {
      return answer(res, request, 'parameter-invalid', limits);
    }
    const identifiers = (['user_id', 'email', 'id'] as const).filter((key) => typeof event[key] === 'string' && event[key] !== '');
    if (typeof event.event_name !== 'string' || event.event_name.trim() === '' || identifiers.length !== 1) {
      return answer(res, request, 'parameter-not-found', limits);
    }
    // Seconds, not milliseconds: a millisecond timestamp would be a date thousands of years ahead.
    if (!Number.isInteger(event.created_at) || event.created_at <= 0 || event.created_at > 10_000_000_000) {
      return answer(res, request, 'parameter-invalid', limits);
    }
    if (metadataProblem(event.metadata)) return answer(res, request, 'parameter-invalid', limits);

    const known = event.user_id !== undefined ? userIds.has(event.user_id) : event.email !== undefined ? emails.has(event.email.toLowerCase()) : false;
    if (!known) return answer(res, request, 'user-not-found', limits);

    const metadata = event.metadata ?? {};
    const keys = Object.keys(metadata);
    if (keys.length > METADATA_KEYS) problems.push(`metadata keys past the 10th are ignored: ${keys.slice(METADATA_KEYS).join(', ')}`);
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value === 'string' && value.length > STRING_CHARS) problems.push(`metadata ${key} is longer than ${STRING_CHARS} characters`);
    }
    const contact = identifiers[0] === 'user_id' ? `user_id:${event.user_id}` : `email:${String(event.email).toLowerCase()}`;
    const key = `${contact}|${event.event_name.toLowerCase()}|${event.created_at}`;
    if (seen.has(key)) {
      duplicates += 1;
    } else {
      seen.add(key);
      events.push({ ...event, metadata: Object.fromEntries(keys.slice(0, METADATA_KEYS).map((k) => [k, metadata[k]])) });
    }
    answer(res, request, 202, limits);
  }

  const server = await listenLocally((req, body, res) => {
    const request: ReceivedRequest = { method: req.method ?? '', path: new URL(req.url ?? '/', 'http://intercom.test').pathname, headers: req.headers, body };
    requests.push(request);
    handle(request, res);
  });

  return {
    url: server.url,
    token,
    requests,
    events,
    get duplicates() {
      return duplicates;
    },
    problems,
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i += 1) failures.push(failure);
    },
    close: () => server.close(),
  };
}

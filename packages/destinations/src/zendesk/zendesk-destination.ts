import type { AlertRecord, EnrichedRecord } from '@feedloop/schema';
import type { Dispatcher } from 'undici';
import type { Destination } from '../destination.js';
import type { Outcome } from '../outcome.js';
import { jsonOf, sendRequest, type HttpAnswer } from '../send-request.js';
import { alertTicketBody } from './alert-ticket.js';
import { classifyZendesk } from './classify-zendesk.js';
import { ticketBody, type TicketBuild, type ZendeskTicketMapping } from './ticket-body.js';
import { authorizationHeader, zendeskAuthOf } from './zendesk-auth.js';
import { exhaustedForMs, rateLimitsOf, type RateLimit } from './zendesk-rate-limit.js';

export interface ZendeskOptions {
  id: string;
  /** `https://<subdomain>.zendesk.com`, or a sandbox, proxy or test server; `/api/v2/tickets` is appended. */
  baseUrl: string;
  /** An agent's or admin's e-mail, with `apiToken`: Basic `{email}/token:{apiToken}`. */
  email?: string | undefined;
  apiToken?: string | undefined;
  /** Instead of e-mail + token: Bearer `{oauthToken}`. */
  oauthToken?: string | undefined;
  /** What the ticket looks like; unset keys take `DEFAULT_TICKET_MAPPING`'s. */
  ticket?: Partial<ZendeskTicketMapping> | undefined;
  /**
   * A record received (an alert created) longer ago than this is looked up by `external_id` before a ticket is
   * created, because its `Idempotency-Key` may have expired (Zendesk keeps keys two hours). Default 100 minutes.
   */
  findExistingAfterMs?: number | undefined;
  /** Per request. Default 15 s. */
  timeoutMs?: number | undefined;
  /** Default: the shared keep-alive pool. */
  dispatcher?: Dispatcher | undefined;
}

export interface ZendeskDestination extends Destination {
  readonly type: 'zendesk';
  /** The limits Zendesk reported on its last answer (account and endpoint), for metrics and debugging. */
  rateLimits(): readonly RateLimit[];
}

/** How long Zendesk keeps an `Idempotency-Key` ("Keys expire after two hours"). */
export const IDEMPOTENCY_KEY_TTL_MS = 2 * 60 * 60_000;
export const DEFAULT_FIND_EXISTING_AFTER_MS = 100 * 60_000;
const USER_AGENT = 'Feedloop-Zendesk/0.1 (+https://feedloop.dev)';

type Exchange = { answer: HttpAnswer; outcome: Outcome } | { answer?: undefined; outcome: Outcome };

/**
 * A Zendesk ticket per rating or alert: `POST /api/v2/tickets` with `Idempotency-Key: <destination id>.<id>` (two
 * Zendesk destinations never share a key) and `external_id: <id>`, the id being the rating's or the alert's, so a
 * repeat within two hours answers the first ticket (`x-idempotency-lookup: hit`) and an older one is first
 * looked up by `external_id`. When an answer says the account's rate limit is used up, later sends wait without
 * calling Zendesk until it resets.
 */
export function zendeskDestination(options: ZendeskOptions): ZendeskDestination {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const findExistingAfterMs = options.findExistingAfterMs ?? DEFAULT_FIND_EXISTING_AFTER_MS;
  const headers = {
    authorization: authorizationHeader(zendeskAuthOf(options)),
    accept: 'application/json',
    'user-agent': USER_AGENT,
  };
  let pausedUntil = 0;
  let pauseReason = '';
  let lastLimits: readonly RateLimit[] = [];

  /** Remembers the limits an answer reports, and holds later sends when one is used up. */
  function note(answer: HttpAnswer, outcome: Outcome): void {
    const limits = rateLimitsOf(answer.headers);
    if (limits.length > 0) lastLimits = limits;
    const wait = outcome.kind === 'throttled' ? outcome.waitMs : exhaustedForMs(answer.headers);
    if (wait !== undefined && wait > 0 && Date.now() + wait > pausedUntil) {
      pausedUntil = Date.now() + wait;
      pauseReason = outcome.kind === 'throttled' ? outcome.reason : 'Zendesk rate limit used up (remaining: 0)';
    }
  }

  async function exchange(method: 'GET' | 'POST', url: string, extra: Record<string, string> = {}, body?: object): Promise<Exchange> {
    let answer: HttpAnswer;
    try {
      answer = await sendRequest(url, {
        method,
        headers: { ...headers, ...extra },
        ...(body !== undefined ? { body } : {}),
        timeoutMs,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
    } catch (error) {
      return { outcome: { kind: 'retry', reason: `Zendesk (${new URL(url).origin}) did not answer: ${(error as Error).message}` } };
    }
    const outcome = classifyZendesk(answer);
    note(answer, outcome);
    return { answer, outcome };
  }

  /** A ticket already made for this external id: ok, none, or why we could not tell. */
  async function findExisting(externalId: string): Promise<Outcome | 'none'> {
    const { answer, outcome } = await exchange('GET', `${base}/api/v2/tickets?external_id=${encodeURIComponent(externalId)}`);
    if (outcome.kind !== 'ok' || !answer) return outcome;
    const listed = jsonOf<{ tickets?: { external_id?: string | null }[] }>(answer);
    if (!listed || !Array.isArray(listed.tickets)) {
      return { kind: 'retry', status: answer.status, reason: 'Zendesk answered the external_id lookup with something other than a ticket list' };
    }
    return listed.tickets.some((ticket) => ticket.external_id === externalId) ? { kind: 'ok', status: answer.status } : 'none';
  }

  /**
   * The one send path of ratings and alerts. `externalId` is the ticket's `external_id` and, after the destination
   * id, its `Idempotency-Key`; `since` is when the item was first handed to the worker (a rating's `receivedAt`, an
   * alert's `createdAt`): an item older than `findExistingAfterMs` may have outlived its key, so its ticket is looked
   * up first.
   */
  async function createTicket(externalId: string, since: string, build: () => TicketBuild): Promise<Outcome> {
    const waitMs = pausedUntil - Date.now();
    if (waitMs > 0) return { kind: 'throttled', waitMs, reason: `not sent: ${pauseReason}` };
    const built = build();
    if (!built.ok) return { kind: 'rejected', reason: built.reason };
    const age = Date.now() - Date.parse(since);
    if (!(age < findExistingAfterMs)) {
      const existing = await findExisting(externalId);
      if (existing !== 'none') return existing;
    }
    const { outcome } = await exchange('POST', `${base}/api/v2/tickets`, { 'idempotency-key': `${options.id}.${externalId}` }, built.body);
    return outcome;
  }

  return {
    id: options.id,
    type: 'zendesk',
    send: (record: EnrichedRecord) => createTicket(record.id, record.receivedAt, () => ticketBody(record, options.ticket)),
    sendAlert: (alert: AlertRecord) => createTicket(alert.id, alert.createdAt, () => alertTicketBody(alert, options.ticket)),
    rateLimits: () => lastLimits,
  };
}

import { retryAfterMs } from '../classify-status.js';
import type { ResponseHeaders } from '../send-request.js';

/** One limit Zendesk reports on an answer: the account's per-minute limit, or an endpoint's own. */
export interface RateLimit {
  /** `account`, or the endpoint limit's name (`tickets-index` from `zendesk-ratelimit-tickets-index`). */
  scope: string;
  limit?: number;
  remaining?: number;
  /** Time until the window resets, when Zendesk says. */
  resetMs?: number;
}

const DEFAULT_WAIT_MS = 60_000;
const MAX_WAIT_MS = 60 * 60_000;
const ENDPOINT_PREFIX = 'zendesk-ratelimit-';

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function count(text: string | undefined): number | undefined {
  return text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;
}

function limit(scope: string, total?: number, remaining?: number, resetSeconds?: number): RateLimit | undefined {
  if (total === undefined && remaining === undefined && resetSeconds === undefined) return undefined;
  return {
    scope,
    ...(total !== undefined ? { limit: total } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    ...(resetSeconds !== undefined ? { resetMs: resetSeconds * 1000 } : {}),
  };
}

/**
 * Every limit an answer reports. The account's comes as `X-Rate-Limit` / `X-Rate-Limit-Remaining` (all answers) and
 * `ratelimit-limit` / `ratelimit-remaining` / `ratelimit-reset` (Ticketing API answers); an endpoint's own as
 * `zendesk-ratelimit-<name>: total=100; remaining=99; resets=41`.
 */
export function rateLimitsOf(headers: ResponseHeaders): RateLimit[] {
  const limits: RateLimit[] = [];
  const account = limit(
    'account',
    count(first(headers['ratelimit-limit'])) ?? count(first(headers['x-rate-limit'])),
    count(first(headers['ratelimit-remaining'])) ?? count(first(headers['x-rate-limit-remaining'])),
    count(first(headers['ratelimit-reset'])),
  );
  if (account) limits.push(account);
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(ENDPOINT_PREFIX)) continue;
    const fields = new Map(
      (first(value) ?? '').split(';').map((part) => {
        const [key = '', text] = part.split('=');
        return [key.trim().toLowerCase(), text?.trim()] as const;
      }),
    );
    const endpoint = limit(name.slice(ENDPOINT_PREFIX.length), count(fields.get('total')), count(fields.get('remaining')), count(fields.get('resets')));
    if (endpoint) limits.push(endpoint);
  }
  return limits;
}

/** When a reported limit is used up and says when it resets: how long until then (the longest such wait). */
export function exhaustedForMs(headers: ResponseHeaders): number | undefined {
  const waits = rateLimitsOf(headers)
    .filter((l) => l.remaining === 0 && l.resetMs !== undefined)
    .map((l) => l.resetMs!);
  return waits.length > 0 ? Math.min(Math.max(...waits), MAX_WAIT_MS) : undefined;
}

/**
 * How long a 429 asks us to wait: `Retry-After` (documented on every 429), else the reset of a used-up limit, else
 * the account's `ratelimit-reset`, else a minute (the account limit's window). At most an hour.
 */
export function throttleWaitMs(headers: ResponseHeaders, now = Date.now()): number {
  const wait =
    retryAfterMs(headers['retry-after'], now) ??
    exhaustedForMs(headers) ??
    rateLimitsOf(headers).find((l) => l.scope === 'account')?.resetMs ??
    DEFAULT_WAIT_MS;
  return Math.min(wait, MAX_WAIT_MS);
}

import type { Outcome } from './outcome.js';

const DEFAULT_THROTTLE_MS = 60_000;
const MAX_THROTTLE_MS = 60 * 60_000;
/** However soon a provider says to come back, wait this long: "0" must not turn a throttle into a busy loop. */
export const MIN_THROTTLE_MS = 1_000;

// An HTTP date (RFC 9110 IMF-fixdate), the only other form Retry-After takes; `Date.parse` alone reads "1.5" as a year.
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * `Retry-After` as milliseconds, between 1 s and 1 h: delta-seconds or an HTTP date; undefined when absent or
 * unreadable, so the caller falls back to what its provider documents.
 */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else if (HTTP_DATE.test(text)) ms = Date.parse(text) - now;
  else return undefined;
  return Math.min(Math.max(ms, MIN_THROTTLE_MS), MAX_THROTTLE_MS);
}

/** The common HTTP classification; adapters refine it with what their provider documents. */
export function classifyStatus(status: number, headers: Record<string, string | string[] | undefined>, body = ''): Outcome {
  const detail = body ? `: ${body.slice(0, 200)}` : '';
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  if (status === 429) {
    const waitMs = Math.min(retryAfterMs(headers['retry-after']) ?? DEFAULT_THROTTLE_MS, MAX_THROTTLE_MS);
    return { kind: 'throttled', status, waitMs, reason: `HTTP 429${detail}` };
  }
  if (status === 401 || status === 403) return { kind: 'auth', status, reason: `HTTP ${status}${detail}` };
  if (status === 408 || status >= 500) return { kind: 'retry', status, reason: `HTTP ${status}${detail}` };
  if (status >= 300 && status < 400) return { kind: 'rejected', status, reason: `HTTP ${status}: redirects are not followed` };
  return { kind: 'rejected', status, reason: `HTTP ${status}${detail}` };
}

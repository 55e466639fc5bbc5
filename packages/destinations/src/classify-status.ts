import type { Outcome } from './outcome.js';

const DEFAULT_THROTTLE_MS = 60_000;
const MAX_THROTTLE_MS = 60 * 60_000;

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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

import { classifyStatus, retryAfterMs } from '../classify-status.js';
import type { Outcome } from '../outcome.js';
import type { HttpAnswer, ResponseHeaders } from '../send-request.js';

/** Intercom counts requests in 10-second windows; without any hint, wait one window. */
const WINDOW_MS = 10_000;
const MAX_WAIT_MS = 60 * 60_000;

/** Intercom's error body: `{ "type": "error.list", "request_id", "errors": [{ "code", "message" }] }`. */
interface IntercomErrorList {
  type?: unknown;
  request_id?: unknown;
  errors?: { code?: unknown; message?: unknown }[];
}

const header = (headers: ResponseHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `code: message` of each error in an Intercom error list (with its request id), else the start of the body. */
export function intercomErrorText(body: string): string {
  let parsed: IntercomErrorList | undefined;
  try {
    parsed = JSON.parse(body) as IntercomErrorList;
  } catch {
    parsed = undefined;
  }
  if (parsed && Array.isArray(parsed.errors) && parsed.errors.length > 0) {
    const errors = parsed.errors
      .map((e) => [e.code, e.message].filter((part) => typeof part === 'string' && part !== '').join(': '))
      .join('; ');
    return typeof parsed.request_id === 'string' ? `${errors} (request ${parsed.request_id})` : errors;
  }
  return body.trim().replace(/\s+/g, ' ').slice(0, 200);
}

/** When the window ends: `X-RateLimit-Reset` is a Unix time in seconds. */
function resetAt(headers: ResponseHeaders): number | undefined {
  const reset = header(headers, 'x-ratelimit-reset');
  return reset && /^\d+$/.test(reset.trim()) ? Number(reset.trim()) * 1000 : undefined;
}

/**
 * How long to hold off after a 429: `Retry-After` when Intercom sends one, else until `X-RateLimit-Reset`
 * (plus a second, as the reset is whole seconds), else one 10-second window.
 */
export function intercomWaitMs(headers: ResponseHeaders, now = Date.now()): number {
  const after = retryAfterMs(headers['retry-after'], now);
  const reset = resetAt(headers);
  const wait = after ?? (reset !== undefined ? reset - now + 1000 : WINDOW_MS);
  return Math.min(Math.max(wait, 1000), MAX_WAIT_MS);
}

/**
 * A successful answer that used up the window (`X-RateLimit-Remaining: 0`): how long until it resets, so the
 * next send can wait instead of earning a 429. Undefined when there is room left or no headers.
 */
export function intercomRateLimitPause(headers: ResponseHeaders, now = Date.now()): number | undefined {
  const remaining = header(headers, 'x-ratelimit-remaining');
  const reset = resetAt(headers);
  if (remaining === undefined || Number(remaining) > 0 || reset === undefined || reset + 1000 <= now) return undefined;
  return Math.min(reset - now + 1000, MAX_WAIT_MS);
}

/**
 * Every answer `POST /events` documents, as an outcome: 202 ok; 429 throttled until the window resets;
 * 401/403 auth (revoked or blocked token, missing permission, plan restriction); 404 rejected (no such contact:
 * retrying cannot create one); 409 rejected (several contacts share the e-mail); 400/422 rejected (the event was
 * refused); 408 and 5xx retry.
 */
export function classifyIntercom(answer: HttpAnswer, now = Date.now()): Outcome {
  const { status, headers, body } = answer;
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  const detail = intercomErrorText(body);
  const said = detail ? `: ${detail}` : '';
  switch (status) {
    case 429:
      return { kind: 'throttled', status, waitMs: intercomWaitMs(headers, now), reason: `Intercom rate limit reached (HTTP 429${said})` };
    case 401:
      return { kind: 'auth', status, reason: `Intercom refused the access token (HTTP 401${said}); check the token and its app` };
    case 403:
      return { kind: 'auth', status, reason: `Intercom forbids this token to submit events (HTTP 403${said}); check the app's permissions and plan` };
    case 404:
      return {
        kind: 'rejected',
        status,
        reason: `Intercom has no contact with this identifier (HTTP 404${said}); create the contact, then replay the event`,
      };
    case 409:
      return { kind: 'rejected', status, reason: `Intercom found several contacts for this e-mail (HTTP 409${said}); identify users by user_id` };
    case 400:
    case 422:
      return { kind: 'rejected', status, reason: `Intercom refused the event (HTTP ${status}${said})` };
    default:
      return classifyStatus(status, headers, detail);
  }
}

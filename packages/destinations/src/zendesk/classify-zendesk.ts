import { retryAfterMs } from '../classify-status.js';
import type { Outcome } from '../outcome.js';
import type { HttpAnswer } from '../send-request.js';
import { throttleWaitMs } from './zendesk-rate-limit.js';

const MAX_WAIT_MS = 60 * 60_000;
const MAX_REASON = 300;

interface ZendeskError {
  /** `"RecordInvalid"`, `"Couldn't authenticate you"`, or `{ title, message }` on some endpoints. */
  error?: string | { title?: string; message?: string };
  description?: string;
  /** Per field: what is wrong with it (422 RecordInvalid). */
  details?: Record<string, { description?: string; error?: string }[] | undefined>;
}

function errorOf(body: string): ZendeskError | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ZendeskError) : undefined;
  } catch {
    return undefined;
  }
}

/** Zendesk's words for what went wrong: `error`, `description` and each field of `details`, or the start of a text body. */
export function zendeskErrorText(body: string): string {
  const parsed = errorOf(body);
  if (!parsed) return body.trim().replace(/\s+/g, ' ').slice(0, 200);
  const parts: string[] = [];
  if (typeof parsed.error === 'string') parts.push(parsed.error);
  else if (parsed.error) parts.push([parsed.error.title, parsed.error.message].filter(Boolean).join(': '));
  if (parsed.description) parts.push(parsed.description);
  for (const [field, problems] of Object.entries(parsed.details ?? {})) {
    for (const problem of problems ?? []) parts.push(`${field}: ${problem.description ?? problem.error ?? 'invalid'}`);
  }
  return parts.filter(Boolean).join(' — ');
}

function reasonFor(answer: HttpAnswer, hint = ''): string {
  const text = zendeskErrorText(answer.body);
  return `Zendesk answered HTTP ${answer.status}${text ? `: ${text}` : ''}${hint}`.slice(0, MAX_REASON);
}

/**
 * Zendesk's answer as an outcome. 2xx ok; 429 throttled for `Retry-After` (else the rate-limit headers' reset, else a
 * minute); 503 with `Retry-After` throttled for that long (Zendesk's sign of a database timeout), without it a retry;
 * 401/403 auth; 408, 409 and other 5xx retry; 400 `IdempotentRequestError` (the record's key was used with another
 * body) and every other 4xx rejected, with Zendesk's `error` / `description` / `details` as the reason.
 */
export function classifyZendesk(answer: HttpAnswer, now = Date.now()): Outcome {
  const { status, headers } = answer;
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  if (status === 429) {
    return { kind: 'throttled', status, waitMs: throttleWaitMs(headers, now), reason: reasonFor(answer) };
  }
  if (status === 503) {
    const wait = retryAfterMs(headers['retry-after'], now);
    if (wait !== undefined) return { kind: 'throttled', status, waitMs: Math.min(wait, MAX_WAIT_MS), reason: reasonFor(answer) };
    return { kind: 'retry', status, reason: reasonFor(answer) };
  }
  if (status === 401) return { kind: 'auth', status, reason: reasonFor(answer, ' (check email + apiToken, or oauthToken)') };
  if (status === 403) return { kind: 'auth', status, reason: reasonFor(answer, ' (the API user may not create tickets: it must be an agent or admin)') };
  if (status === 400 && errorOf(answer.body)?.error === 'IdempotentRequestError') {
    return {
      kind: 'rejected',
      status,
      reason: reasonFor(answer, ' (this record was already sent with another ticket body in the last two hours, e.g. before a config change; its ticket may exist)'),
    };
  }
  if (status === 408 || status === 409 || status >= 500) return { kind: 'retry', status, reason: reasonFor(answer) };
  if (status >= 300 && status < 400) return { kind: 'rejected', status, reason: `Zendesk answered HTTP ${status}: redirects are not followed (check baseUrl)` };
  if (status === 404) return { kind: 'rejected', status, reason: reasonFor(answer, ' (check baseUrl: https://<subdomain>.zendesk.com)') };
  return { kind: 'rejected', status, reason: reasonFor(answer) };
}

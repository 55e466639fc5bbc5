import { retryAfterMs } from '../classify-status.js';
import type { Outcome } from '../outcome.js';
import type { HttpAnswer } from '../send-request.js';
import { describeHubSpotError, hubspotErrorOf, type HubSpotError } from './hubspot-error.js';
import { msUntilMidnight } from './ms-until-midnight.js';
import { intervalMs } from './rate-limit-headers.js';

/** 423 Locked: HubSpot asks for at least two seconds between requests while it syncs a large volume. */
export const LOCKED_WAIT_MS = 2_000;
/** 477 Migration in Progress without a `Retry-After`. */
export const MIGRATION_WAIT_MS = 10 * 60_000;

export interface ClassifyContext {
  now: number;
  /** Where HubSpot's daily allowance resets: the account's time zone (HubSpot resets at its midnight). */
  dailyResetTimeZone: string;
}

/** How long a 429 asks us to wait: `Retry-After` when sent, else by the policy HubSpot names in the body. */
function rateLimitWaitMs(answer: HttpAnswer, error: HubSpotError | undefined, context: ClassifyContext): number {
  const retryAfter = retryAfterMs(answer.headers['retry-after'], context.now);
  if (retryAfter !== undefined) return retryAfter;
  const policy = (error?.policyName ?? '').toUpperCase();
  const message = error?.message ?? '';
  if (policy === 'DAILY' || (!policy && /daily limit/i.test(message))) return msUntilMidnight(context.now, context.dailyResetTimeZone);
  if (policy === 'SECONDLY' || (!policy && /secondly limit/i.test(message))) return 1_000;
  // TEN_SECONDLY_ROLLING, and anything else: one rolling window.
  return intervalMs(answer.headers);
}

/**
 * One answer of HubSpot's, for every input of its request: 2xx ok; 429 throttled for `Retry-After`, or until the
 * next midnight (DAILY), or one window (TEN_SECONDLY_ROLLING); 423 throttled 2 s; 477 throttled for its
 * `Retry-After`; 401 and 403 (missing scopes) auth; 408 and 5xx retry; other 4xx (400, 404, 409…) rejected.
 */
export function classifyHubSpot(answer: HttpAnswer, context: ClassifyContext): Outcome {
  const { status } = answer;
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  const error = hubspotErrorOf(answer.body);
  const reason = describeHubSpotError(status, error, answer.body);
  const retryAfter = () => retryAfterMs(answer.headers['retry-after'], context.now);
  switch (status) {
    case 429:
      return { kind: 'throttled', status, waitMs: rateLimitWaitMs(answer, error, context), reason };
    case 423:
      return { kind: 'throttled', status, waitMs: Math.max(retryAfter() ?? 0, LOCKED_WAIT_MS), reason };
    case 477:
      return { kind: 'throttled', status, waitMs: retryAfter() ?? MIGRATION_WAIT_MS, reason };
    case 401:
    case 403:
      return { kind: 'auth', status, reason };
    case 408:
      return { kind: 'retry', status, reason };
  }
  if (status >= 500) return { kind: 'retry', status, reason };
  if (status >= 300 && status < 400) return { kind: 'rejected', status, reason: `HTTP ${status}: redirects are not followed; check baseUrl` };
  return { kind: 'rejected', status, reason };
}

/**
 * A 400 that no input of the batch could avoid: a property that does not exist in the account, an `idProperty`
 * that is not a unique property. Splitting the batch to find a bad input would only repeat it.
 */
export function isRequestWide(answer: HttpAnswer): boolean {
  if (answer.status !== 400) return false;
  const error = hubspotErrorOf(answer.body);
  const codes = (error?.errors ?? []).map((e) => e.code ?? '');
  return codes.includes('PROPERTY_DOESNT_EXIST') || /does not exist|non-unique|unique property|invalid input json/i.test(error?.message ?? answer.body);
}

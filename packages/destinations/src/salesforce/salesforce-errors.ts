import type { HttpAnswer } from '../send-request.js';
import type { Outcome } from '../outcome.js';
import { retryAfterMs } from '../classify-status.js';

/** One error as Salesforce reports it: `errorCode` in REST error bodies, `statusCode` in per-record results. */
export interface SalesforceError {
  code: string;
  message: string;
  fields?: string[];
}

export interface ClassifyOptions {
  /** The wait after `REQUEST_LIMIT_EXCEEDED` for the org's API request allocation (Salesforce sends no Retry-After). */
  limitWaitMs: number;
}

/** The wait after `REQUEST_LIMIT_EXCEEDED` for too many concurrent long-running requests: these free up in seconds. */
export const CONCURRENT_LIMIT_WAIT_MS = 30_000;
/** The wait after 503 `SERVER_UNAVAILABLE` (maintenance or overload) when no Retry-After comes with it. */
export const UNAVAILABLE_WAIT_MS = 60_000;

const LOCK = 'UNABLE_TO_LOCK_ROW';
const LIMIT = 'REQUEST_LIMIT_EXCEEDED';

/** Salesforce's error array `[{ message, errorCode, fields }]` (or `statusCode` per record); [] when it is not one. */
export function salesforceErrorsOf(value: unknown): SalesforceError[] {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  const errors: SalesforceError[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const entry = item as Record<string, unknown>;
    const code = entry.errorCode ?? entry.statusCode ?? entry.error;
    const message = entry.message ?? entry.error_description;
    if (typeof code !== 'string') continue;
    errors.push({
      code,
      message: typeof message === 'string' ? message : '',
      ...(Array.isArray(entry.fields) ? { fields: entry.fields.filter((f): f is string => typeof f === 'string') } : {}),
    });
  }
  return errors;
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** `CODE: message [Field__c]; …`, short enough for a job's failure reason. */
export function describeErrors(errors: readonly SalesforceError[]): string {
  return errors
    .map((e) => `${e.code}${e.message ? `: ${e.message}` : ''}${e.fields?.length ? ` [${e.fields.join(', ')}]` : ''}`)
    .join('; ')
    .slice(0, 500);
}

const mentions = (errors: readonly SalesforceError[], code: string) =>
  errors.some((e) => e.code === code || e.message.includes(code));

function limitOutcome(errors: readonly SalesforceError[], options: ClassifyOptions, status?: number): Outcome {
  const concurrent = errors.some((e) => /concurrent/i.test(e.message));
  return {
    kind: 'throttled',
    waitMs: concurrent ? CONCURRENT_LIMIT_WAIT_MS : options.limitWaitMs,
    reason: `Salesforce ${describeErrors(errors)}`,
    ...(status !== undefined ? { status } : {}),
  };
}

/**
 * The errors of one record in an sObject Collections answer (HTTP 200, `success: false`): a locked row retries, the
 * request limit throttles, a roll-back caused by another record retries, anything else is the record's own fault.
 */
export function classifyRecordErrors(errors: readonly SalesforceError[], options: ClassifyOptions): Outcome {
  if (errors.length === 0) return { kind: 'retry', reason: 'Salesforce answered success: false without errors' };
  if (mentions(errors, LIMIT)) return limitOutcome(errors, options);
  if (mentions(errors, LOCK) || mentions(errors, 'ALL_OR_NONE_OPERATION_ROLLED_BACK') || mentions(errors, 'SERVER_UNAVAILABLE')) {
    return { kind: 'retry', reason: `Salesforce ${describeErrors(errors)}` };
  }
  if (mentions(errors, 'INVALID_SESSION_ID')) return { kind: 'auth', status: 401, reason: `Salesforce ${describeErrors(errors)}` };
  return { kind: 'rejected', reason: `Salesforce ${describeErrors(errors)}` };
}

/** What a non-2xx REST answer means; `invalid-session` is a 401 `INVALID_SESSION_ID`, which a new token may cure. */
export function classifySalesforceAnswer(answer: HttpAnswer, options: ClassifyOptions): Outcome | 'invalid-session' {
  const { status } = answer;
  const errors = salesforceErrorsOf(parse(answer.body));
  const detail = errors.length > 0 ? describeErrors(errors) : answer.body.slice(0, 200);
  const reason = `Salesforce HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  if (status === 300) {
    return { kind: 'rejected', status, reason: 'Salesforce HTTP 300: the external id matches several records; make the field Unique' };
  }
  if (status === 401) return mentions(errors, 'INVALID_SESSION_ID') || errors.length === 0 ? 'invalid-session' : { kind: 'auth', status, reason };
  if (mentions(errors, LIMIT)) return limitOutcome(errors, options, status);
  if (status === 403) return { kind: 'auth', status, reason };
  if (status === 429) {
    return { kind: 'throttled', status, waitMs: retryAfterMs(answer.headers['retry-after']) ?? UNAVAILABLE_WAIT_MS, reason };
  }
  if (status === 503) {
    return { kind: 'throttled', status, waitMs: retryAfterMs(answer.headers['retry-after']) ?? UNAVAILABLE_WAIT_MS, reason };
  }
  if (status === 408 || status >= 500 || mentions(errors, LOCK)) return { kind: 'retry', status, reason };
  return { kind: 'rejected', status, reason };
}

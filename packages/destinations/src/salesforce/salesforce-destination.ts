import type { EnrichedRecord } from '@feedloop/schema';
import type { Dispatcher } from 'undici';
import type { Destination } from '../destination.js';
import type { Outcome } from '../outcome.js';
import { jsonOf, sendRequest, type HttpAnswer, type SendRequestOptions } from '../send-request.js';
import { followUpFields, type FollowUpKind } from './follow-up-fields.js';
import { classifyRecordErrors, classifySalesforceAnswer, salesforceErrorsOf, type ClassifyOptions } from './salesforce-errors.js';
import { salesforceFields, type SalesforceFieldMap, type SalesforceValue } from './salesforce-fields.js';
import { parseLimitInfo, type ApiUsage } from './salesforce-limit-info.js';
import { SalesforceSession, type SalesforceCredentials } from './salesforce-session.js';

export interface SalesforceFollowUpOptions {
  kind: 'none' | FollowUpKind;
  /** Which records get one (the worker compiles the config's `when`); default: every record. */
  when?: (record: EnrichedRecord) => boolean;
  /** A custom External ID field on Task/Case: the follow-up is upserted by the event id (a repeat changes nothing). */
  externalIdField?: string;
  /** Field that links the follow-up to the feedback record: Task `WhatId` by default; Case none by default. */
  linkField?: string | null;
  /** Constant fields for every follow-up (OwnerId, Priority, Origin…). */
  fields?: Readonly<Record<string, SalesforceValue>>;
}

export interface SalesforceOptions {
  id: string;
  /** `https://<MyDomain>.my.salesforce.com` (replaced by the token answer's `instance_url` after a token request). */
  instanceUrl: string;
  /** Default `v66.0`. */
  apiVersion?: string;
  credentials: SalesforceCredentials;
  /** Default `Feedback__c`. */
  object?: string;
  /** Default `Feedback_Id__c`: an External ID, Unique text field that receives the event id. */
  externalIdField?: string;
  /** Record field → field API name, over `DEFAULT_SALESFORCE_FIELDS`; null leaves one out. */
  fields?: SalesforceFieldMap;
  followUp?: SalesforceFollowUpOptions;
  /** Share of the org's daily API allocation (from `Sforce-Limit-Info`) at which sends pause; default 0.95. */
  apiUsageThreshold?: number;
  /** Pause after `REQUEST_LIMIT_EXCEEDED` or crossing the threshold; default 15 minutes. */
  limitWaitMs?: number;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  now?: () => number;
}

export interface SalesforceDestination extends Destination {
  readonly session: SalesforceSession;
  /** The last `Sforce-Limit-Info` api-usage seen. */
  readonly apiUsage: ApiUsage | undefined;
}

/** sObject Collections take at most 200 records per request. */
export const SALESFORCE_MAX_BATCH = 200;
export const DEFAULT_SALESFORCE_API_VERSION = 'v66.0';
const MAX_PENDING_FOLLOW_UPS = 10_000;

interface Saved {
  record: EnrichedRecord;
  created: boolean;
  sfId: string | undefined;
}

type Answer = HttpAnswer | Outcome;
const isOutcome = (value: Answer): value is Outcome => 'kind' in value;

/**
 * Salesforce: each rating is upserted into `Feedback__c` by its event id (`PATCH …/sobjects/Feedback__c/Feedback_Id__c/<id>`,
 * or sObject Collections for up to 200), so a repeated delivery updates the same record. Optionally a Task or Case
 * follows for detractors. Tokens are renewed on 401 `INVALID_SESSION_ID`, one request at a time.
 */
export function salesforceDestination(options: SalesforceOptions): SalesforceDestination {
  const version = options.apiVersion ?? DEFAULT_SALESFORCE_API_VERSION;
  const object = options.object ?? 'Feedback__c';
  const externalIdField = options.externalIdField ?? 'Feedback_Id__c';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const threshold = options.apiUsageThreshold ?? 0.95;
  const classifyOptions: ClassifyOptions = { limitWaitMs: options.limitWaitMs ?? 15 * 60_000 };
  const now = options.now ?? Date.now;
  const followUp = options.followUp ?? { kind: 'none' };
  const session = new SalesforceSession({
    instanceUrl: options.instanceUrl,
    credentials: options.credentials,
    timeoutMs,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  let apiUsage: ApiUsage | undefined;
  let pausedUntil = 0;
  let pauseReason = '';
  /** Create-only follow-ups (no external id) that failed after their record was created: the next attempt makes them. */
  const pendingFollowUps = new Set<string>();

  function pause(waitMs: number, reason: string): void {
    pausedUntil = Math.max(pausedUntil, now() + waitMs);
    pauseReason = reason;
  }

  function noteUsage(answer: HttpAnswer): void {
    const usage = parseLimitInfo(answer.headers['sforce-limit-info']);
    if (!usage) return;
    apiUsage = usage;
    if (usage.used / usage.limit >= threshold) {
      pause(classifyOptions.limitWaitMs, `Salesforce API usage ${usage.used}/${usage.limit} is at or above ${Math.round(threshold * 100)} % of the org's daily allocation`);
    }
  }

  function classify(answer: HttpAnswer): Outcome {
    const outcome = classifySalesforceAnswer(answer, classifyOptions);
    if (outcome === 'invalid-session') {
      return { kind: 'auth', status: 401, reason: 'Salesforce rejected a freshly issued token (INVALID_SESSION_ID): check the app\'s API scope and the user\'s API Enabled permission' };
    }
    if (outcome.kind === 'throttled' && outcome.waitMs >= classifyOptions.limitWaitMs) pause(outcome.waitMs, outcome.reason);
    return outcome;
  }

  /** While paused for the API allocation, sends answer throttled without a request. */
  function paused(): Outcome | undefined {
    const waitMs = pausedUntil - now();
    return waitMs > 0 ? { kind: 'throttled', waitMs, reason: pauseReason } : undefined;
  }

  /** One REST call with the session's token; a 401 INVALID_SESSION_ID renews the token and tries once more. */
  async function call(method: SendRequestOptions['method'], path: string, body: object): Promise<Answer> {
    let token = await session.current();
    if (!token.ok) return token.outcome;
    for (let attempt = 0; ; attempt += 1) {
      let answer: HttpAnswer;
      try {
        answer = await sendRequest(token.instanceUrl + path, {
          method,
          headers: { authorization: `Bearer ${token.accessToken}`, accept: 'application/json' },
          body,
          timeoutMs,
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
      } catch (error) {
        return { kind: 'retry', reason: `Salesforce did not answer ${method} ${path}: ${(error as Error).message}` };
      }
      noteUsage(answer);
      if (attempt > 0 || classifySalesforceAnswer(answer, classifyOptions) !== 'invalid-session') return answer;
      token = await session.refresh(token.accessToken);
      if (!token.ok) return token.outcome;
    }
  }

  const base = `/services/data/${version}`;

  function wantsFollowUp(saved: Saved): boolean {
    if (followUp.kind === 'none' || (followUp.when && !followUp.when(saved.record))) return false;
    // Only for a record this delivery created (or one whose follow-up failed before): a repeat must not rewrite the
    // Task or Case an agent has been working on, even where it could be upserted.
    return saved.created || pendingFollowUps.has(saved.record.id);
  }

  function rememberPending(id: string): void {
    if (pendingFollowUps.size >= MAX_PENDING_FOLLOW_UPS) {
      const oldest = pendingFollowUps.values().next().value;
      if (oldest !== undefined) pendingFollowUps.delete(oldest);
    }
    pendingFollowUps.add(id);
  }

  /** Tasks/Cases for saved records, one sObject Collections request; the outcome of each, in order. */
  async function makeFollowUps(list: readonly Saved[]): Promise<Outcome[]> {
    if (followUp.kind === 'none' || list.length === 0) return [];
    const type = followUp.kind === 'task' ? 'Task' : 'Case';
    const extId = followUp.externalIdField;
    const records = list.map((saved) => ({
      attributes: { type },
      ...(extId ? { [extId]: saved.record.id } : {}),
      ...followUpFields(saved.record, followUp.kind as FollowUpKind, {
        ...(saved.sfId ? { feedbackId: saved.sfId } : {}),
        ...(followUp.linkField !== undefined ? { linkField: followUp.linkField } : {}),
        ...(followUp.fields ? { constants: followUp.fields } : {}),
      }),
    }));
    const result = extId
      ? await call('PATCH', `${base}/composite/sobjects/${type}/${extId}`, { allOrNone: false, records })
      : await call('POST', `${base}/composite/sobjects`, { allOrNone: false, records });
    const perRecord = perRecordOutcomes(result, list.length);
    return perRecord.map((item) => item.outcome);
  }

  /** The per-record results of an sObject Collections answer, or one outcome for all when the request failed. */
  function perRecordOutcomes(result: Answer, count: number): { outcome: Outcome; created: boolean; sfId: string | undefined }[] {
    const all = (outcome: Outcome) => Array.from({ length: count }, () => ({ outcome, created: false, sfId: undefined }));
    if (isOutcome(result)) return all(result);
    if (result.status !== 200) {
      const outcome = classify(result);
      return all(outcome.kind === 'ok' ? { kind: 'retry', status: result.status, reason: `Salesforce answered HTTP ${result.status} without per-record results` } : outcome);
    }
    const items = jsonOf<unknown>(result);
    if (!Array.isArray(items) || items.length !== count) {
      return all({ kind: 'retry', status: 200, reason: `Salesforce answered ${Array.isArray(items) ? items.length : 'no'} results for ${count} records` });
    }
    return items.map((item) => {
      const entry = (item ?? {}) as { id?: unknown; success?: unknown; created?: unknown; errors?: unknown };
      const sfId = typeof entry.id === 'string' ? entry.id : undefined;
      if (entry.success === true) return { outcome: { kind: 'ok', status: entry.created === true ? 201 : 200 }, created: entry.created === true, sfId };
      const outcome = classifyRecordErrors(salesforceErrorsOf(entry.errors), classifyOptions);
      if (outcome.kind === 'throttled' && outcome.waitMs >= classifyOptions.limitWaitMs) pause(outcome.waitMs, outcome.reason);
      return { outcome, created: false, sfId };
    });
  }

  /** Adds the follow-ups to the saved records' outcomes: a failed follow-up decides its record's outcome. */
  async function withFollowUps(saved: readonly Saved[], outcomes: Map<string, Outcome>): Promise<void> {
    const wanted = saved.filter(wantsFollowUp);
    const results = await makeFollowUps(wanted);
    const type = followUp.kind === 'task' ? 'Task' : 'Case';
    wanted.forEach((item, index) => {
      const result = results[index];
      if (!result || result.kind === 'ok') {
        pendingFollowUps.delete(item.record.id);
        return;
      }
      rememberPending(item.record.id);
      outcomes.set(item.record.id, { ...result, reason: `${object} saved; follow-up ${type} failed: ${result.reason}` } as Outcome);
    });
  }

  async function send(record: EnrichedRecord): Promise<Outcome> {
    const pause = paused();
    if (pause) return pause;
    const path = `${base}/sobjects/${object}/${externalIdField}/${encodeURIComponent(record.id)}`;
    const result = await call('PATCH', path, salesforceFields(record, options.fields));
    if (isOutcome(result)) return result;
    const outcome = classify(result);
    if (outcome.kind !== 'ok') return outcome;
    const body = jsonOf<{ id?: unknown; created?: unknown }>(result);
    const saved: Saved = {
      record,
      created: result.status === 201 || body?.created === true,
      sfId: typeof body?.id === 'string' ? body.id : undefined,
    };
    const outcomes = new Map<string, Outcome>([[record.id, outcome]]);
    await withFollowUps([saved], outcomes);
    return outcomes.get(record.id)!;
  }

  async function sendChunk(records: readonly EnrichedRecord[]): Promise<Outcome[]> {
    const pause = paused();
    if (pause) return records.map(() => pause);
    const unique = [...new Map(records.map((record) => [record.id, record])).values()];
    const body = {
      allOrNone: false,
      records: unique.map((record) => ({ attributes: { type: object }, [externalIdField]: record.id, ...salesforceFields(record, options.fields) })),
    };
    const result = await call('PATCH', `${base}/composite/sobjects/${object}/${externalIdField}`, body);
    const perRecord = perRecordOutcomes(result, unique.length);
    const outcomes = new Map<string, Outcome>();
    const saved: Saved[] = [];
    unique.forEach((record, index) => {
      const item = perRecord[index]!;
      outcomes.set(record.id, item.outcome);
      if (item.outcome.kind === 'ok') saved.push({ record, created: item.created, sfId: item.sfId });
    });
    await withFollowUps(saved, outcomes);
    return records.map((record) => outcomes.get(record.id)!);
  }

  async function sendBatch(records: readonly EnrichedRecord[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (let start = 0; start < records.length; start += SALESFORCE_MAX_BATCH) {
      outcomes.push(...(await sendChunk(records.slice(start, start + SALESFORCE_MAX_BATCH))));
    }
    return outcomes;
  }

  return {
    id: options.id,
    type: 'salesforce',
    maxBatch: SALESFORCE_MAX_BATCH,
    send,
    sendBatch,
    session,
    get apiUsage() {
      return apiUsage;
    },
  };
}

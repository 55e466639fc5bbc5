import type { EnrichedRecord } from '@feedloop/schema';
import type { Destination } from '../destination.js';
import type { Outcome } from '../outcome.js';
import { sendRequest, type HttpAnswer } from '../send-request.js';
import { classifyIntercom, intercomRateLimitPause } from './classify-intercom.js';
import { intercomBaseUrl, type IntercomRegion } from './intercom-base-url.js';
import { intercomEvent, type IntercomIdentifyBy } from './intercom-event.js';
import type { IntercomMetadataField } from './intercom-metadata.js';

export interface IntercomOptions {
  id: string;
  /** Access token with write access to events. */
  token: string;
  region?: IntercomRegion;
  /** Overrides the region's host (a proxy, a test server). */
  baseUrl?: string;
  /** `Intercom-Version`. Default 2.14. */
  version?: string;
  /** Default `submitted-{metric}`. */
  eventName?: string;
  identifyBy?: IntercomIdentifyBy;
  metadata?: readonly IntercomMetadataField[];
  timeoutMs?: number;
}

export const DEFAULT_INTERCOM_VERSION = '2.14';
const USER_AGENT = 'Feedloop/0.1 (+https://feedloop.dev)';

/**
 * Each rating becomes a data event on the contact (`POST /events`). Repeats are harmless: the event is built
 * only from the record, and Intercom drops an event it already has for the same contact, name and created_at.
 */
export function intercomDestination(options: IntercomOptions): Destination {
  const base = intercomBaseUrl(options.region, options.baseUrl);
  const url = new URL('events', base.endsWith('/') ? base : `${base}/`);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const headers = {
    authorization: `Bearer ${options.token}`,
    'intercom-version': options.version ?? DEFAULT_INTERCOM_VERSION,
    accept: 'application/json',
    'user-agent': USER_AGENT,
  };
  // Set when an answer said the window is used up; sends wait until then instead of earning a 429.
  let pausedUntil = 0;

  async function send(record: EnrichedRecord): Promise<Outcome> {
    const built = intercomEvent(record, options);
    if (!built.ok) return { kind: 'rejected', reason: built.reason };
    const now = Date.now();
    if (pausedUntil > now) {
      return { kind: 'throttled', waitMs: pausedUntil - now, reason: 'Intercom rate limit window used up (X-RateLimit-Remaining: 0)' };
    }
    let answer: HttpAnswer;
    try {
      answer = await sendRequest(url, { method: 'POST', headers, body: built.event, timeoutMs });
    } catch (error) {
      return { kind: 'retry', reason: `${url.host} did not answer: ${(error as Error).message}` };
    }
    const answeredAt = Date.now();
    const pause = intercomRateLimitPause(answer.headers, answeredAt);
    pausedUntil = pause === undefined ? 0 : answeredAt + pause;
    return classifyIntercom(answer, answeredAt);
  }

  return { id: options.id, type: 'intercom', send };
}

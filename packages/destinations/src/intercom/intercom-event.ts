import type { EnrichedRecord } from '@feedloop/schema';
import { INTERCOM_DEFAULT_METADATA, intercomMetadata, type IntercomMetadata, type IntercomMetadataField } from './intercom-metadata.js';

export type IntercomIdentifyBy = 'userId' | 'email' | 'userIdThenEmail';

export interface IntercomEventOptions {
  /** `{metric}` is replaced by the record's metric. Default `submitted-{metric}`. */
  eventName?: string;
  identifyBy?: IntercomIdentifyBy;
  metadata?: readonly IntercomMetadataField[];
}

/** The body of `POST /events`. */
export interface IntercomEvent {
  event_name: string;
  /** Unix seconds. */
  created_at: number;
  user_id?: string;
  email?: string;
  metadata: IntercomMetadata;
}

export type IntercomEventResult = { ok: true; event: IntercomEvent } | { ok: false; reason: string };

export const DEFAULT_EVENT_NAME = 'submitted-{metric}';

/** The contact the event is about, by the chosen identifier; undefined when the record has none of it. */
function contactOf(record: EnrichedRecord, identifyBy: IntercomIdentifyBy): { user_id: string } | { email: string } | undefined {
  const userId = record.user?.id;
  const email = record.user?.email;
  if (identifyBy !== 'email' && userId) return { user_id: userId };
  if (identifyBy !== 'userId' && email) return { email };
  return undefined;
}

const MISSING: Record<IntercomIdentifyBy, string> = {
  userId: 'the rating has no user.id, and this destination identifies Intercom contacts by user_id',
  email: 'the rating has no user.email, and this destination identifies Intercom contacts by email',
  userIdThenEmail: 'the rating has neither user.id nor user.email, so there is no Intercom contact to give the event to',
};

/**
 * The data event for a record. `created_at` comes from the record's (skew-corrected) timestamp, never from the
 * clock, so a repeated delivery sends the identical event and Intercom's de-duplication (contact, event name,
 * created_at) drops it. A record with no usable identifier cannot become an event.
 */
export function intercomEvent(record: EnrichedRecord, options: IntercomEventOptions = {}): IntercomEventResult {
  const identifyBy = options.identifyBy ?? 'userIdThenEmail';
  const contact = contactOf(record, identifyBy);
  if (!contact) return { ok: false, reason: `${MISSING[identifyBy]} (have the page identify the customer: user.id or user.email)` };
  const millis = Date.parse(record.timestamp);
  if (Number.isNaN(millis)) return { ok: false, reason: `the rating's timestamp "${record.timestamp}" is not a date` };
  return {
    ok: true,
    event: {
      event_name: (options.eventName ?? DEFAULT_EVENT_NAME).replaceAll('{metric}', record.metric),
      created_at: Math.floor(millis / 1000),
      ...contact,
      metadata: intercomMetadata(record, options.metadata ?? INTERCOM_DEFAULT_METADATA),
    },
  };
}

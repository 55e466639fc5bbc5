import type { EnrichedRecord } from '@feedloop/schema';
import { truncateChars } from '../truncate-chars.js';

/**
 * Intercom keeps the first 10 metadata keys of an event, in the order sent, and ignores the rest
 * (Data Events API, "Metadata behaviour").
 */
export const INTERCOM_METADATA_KEYS = 10;

/** Intercom's limit for a plain string metadata value. */
export const INTERCOM_STRING_CHARS = 255;

/** Record fields an event can carry, by metadata key. Keep in step with the runtime config's list. */
export const INTERCOM_METADATA_FIELDS = [
  'metric', 'value', 'score', 'bucket', 'touchpoint', 'comment', 'page_url', 'page_title', 'sentiment',
  'sentiment_score', 'topics', 'site', 'country', 'device', 'channel', 'interaction_id', 'agent_id',
] as const;
export type IntercomMetadataField = (typeof INTERCOM_METADATA_FIELDS)[number];

export const INTERCOM_DEFAULT_METADATA: readonly IntercomMetadataField[] = [
  'metric', 'value', 'bucket', 'score', 'touchpoint', 'comment', 'page_url', 'sentiment', 'topics',
];

/** Flat, as Intercom requires: every value a string or a number. */
export type IntercomMetadata = Record<string, string | number>;

const text = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? truncateChars(trimmed, INTERCOM_STRING_CHARS) : undefined;
};

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** What each field becomes; undefined leaves the key out. */
const FIELD_VALUES: Record<IntercomMetadataField, (record: EnrichedRecord) => string | number | undefined> = {
  metric: (r) => r.metric,
  value: (r) => r.value,
  score: (r) => round(r.score, 3),
  bucket: (r) => r.bucket,
  touchpoint: (r) => r.touchpoint,
  comment: (r) => text(r.comment),
  // A link is only useful whole: a URL longer than a metadata string is left out rather than cut.
  page_url: (r) => (r.context?.url && r.context.url.length <= INTERCOM_STRING_CHARS ? r.context.url : undefined),
  page_title: (r) => text(r.context?.title),
  sentiment: (r) => r.sentiment?.label,
  sentiment_score: (r) => (r.sentiment ? round(r.sentiment.score, 2) : undefined),
  topics: (r) => text(r.topics?.join(', ')),
  site: (r) => r.site,
  country: (r) => r.context?.country,
  device: (r) => text(r.context?.device?.type),
  channel: (r) => r.interaction?.channel,
  interaction_id: (r) => text(r.interaction?.id),
  agent_id: (r) => text(r.interaction?.agentId),
};

/**
 * The event's metadata: `feedloop_event_id` first (so it is never the key Intercom drops), then the chosen
 * fields in order, those the record lacks left out, and never more than Intercom keeps.
 */
export function intercomMetadata(record: EnrichedRecord, fields: readonly IntercomMetadataField[] = INTERCOM_DEFAULT_METADATA): IntercomMetadata {
  const metadata: IntercomMetadata = { feedloop_event_id: record.id };
  for (const field of fields) {
    if (Object.keys(metadata).length >= INTERCOM_METADATA_KEYS) break;
    const value = FIELD_VALUES[field](record);
    if (value !== undefined) metadata[field] = value;
  }
  return metadata;
}

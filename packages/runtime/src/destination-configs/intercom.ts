import { z } from 'zod';
import { destinationCommon, type SecretSchema } from './common.js';

/**
 * Record fields an Intercom data event can carry as metadata, under these keys (docs/destinations/intercom.md).
 * `feedloop_event_id` is always sent on top of the chosen ones.
 */
export const INTERCOM_METADATA_FIELDS = [
  'metric', 'value', 'score', 'bucket', 'touchpoint', 'comment', 'page_url', 'page_title', 'sentiment',
  'sentiment_score', 'topics', 'site', 'country', 'device', 'channel', 'interaction_id', 'agent_id',
] as const;

/**
 * Intercom keeps the first 10 metadata keys of an event and ignores the rest; the event id takes one, so nine
 * are left. These are the nine most useful for segments and for reading the event on the contact.
 */
export const INTERCOM_DEFAULT_METADATA = [
  'metric', 'value', 'bucket', 'score', 'touchpoint', 'comment', 'page_url', 'sentiment', 'topics',
] as const satisfies readonly (typeof INTERCOM_METADATA_FIELDS)[number][];

/** Letters, digits, space, `_` and `-`, with `{metric}` replaced by the record's metric (`submitted-nps`). */
const EVENT_NAME = /^(?:[A-Za-z0-9 _-]|\{metric\})+$/;

export function intercomConfig(secret: SecretSchema) {
  return z.object({
    ...destinationCommon,
    type: z.literal('intercom'),
    /** An access token (private app) or OAuth token with write access to events: `Authorization: Bearer …`. */
    token: secret,
    /** Where the workspace is hosted: api.intercom.io, api.eu.intercom.io or api.au.intercom.io. */
    region: z.enum(['us', 'eu', 'au']).default('us'),
    /** Overrides the region's host: a proxy, or a local test server. */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Sent as `Intercom-Version`. */
    version: z.string().regex(/^(?:\d+\.\d+|Unstable)$/, 'an Intercom API version such as "2.14"').default('2.14'),
    eventName: z
      .string()
      .max(100)
      .regex(EVENT_NAME, 'an event name is letters, digits, space, _ and -, with {metric} for the metric')
      .default('submitted-{metric}'),
    /**
     * Which contact the event is for: `userId` sends `user_id` (the host page's user.id), `email` sends `email`,
     * `userIdThenEmail` sends `user_id` when the record has one and `email` otherwise.
     */
    identifyBy: z.enum(['userId', 'email', 'userIdThenEmail']).default('userIdThenEmail'),
    /** Metadata keys, in order; at most 9 (Intercom keeps 10 per event, and `feedloop_event_id` is always sent). */
    metadata: z
      .array(z.enum(INTERCOM_METADATA_FIELDS))
      .max(9, 'Intercom keeps 10 metadata keys per event and feedloop_event_id takes one: choose at most 9')
      .refine((fields) => new Set(fields).size === fields.length, 'a metadata field is listed twice')
      .default(() => [...INTERCOM_DEFAULT_METADATA]),
    /** A third of Intercom's default 10,000 calls a minute per app, so the token's other users keep room. */
    rateLimit: destinationCommon.rateLimit.unwrap().default(() => ({ max: 500, perMs: 10_000 })),
  });
}

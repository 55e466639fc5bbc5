import { RECORD_TYPES } from '@feedloop/schema';
import { BUCKET_NAMES, METRIC_NAMES } from '@feedloop/schema/metrics';
import { z } from 'zod';
import type { secretFrom } from '../secret-ref.js';

/** The schema of a `{ "env": … }` secret, read while parsing. */
export type SecretSchema = ReturnType<typeof secretFrom>;

export const ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Filters on the enriched record; every list given must match, an absent list matches all. */
export const When = z
  .object({
    touchpoints: z.array(z.string().min(1)).optional(),
    metrics: z.array(z.enum(METRIC_NAMES)).optional(),
    buckets: z.array(z.enum(BUCKET_NAMES)).optional(),
    sites: z.array(z.string()).optional(),
    /** Only records with (true) or without (false) a comment. */
    hasComment: z.boolean().optional(),
    /**
     * What the destination is sent: ratings (`feedback.created`), alerts (`alert.target_missed`, `alert.detractor`;
     * slack, webhook and zendesk only), or both. Default: ratings only.
     */
    types: z.array(z.enum(RECORD_TYPES)).min(1).default(['feedback.created']),
  })
  .default({ types: ['feedback.created'] });

/** What every destination has, whatever its provider: spread into each provider's schema. */
export const destinationCommon = {
  id: z.string().regex(ID, 'a destination id is lower-case letters, digits, _ and -'),
  when: When,
  retry: z
    .object({ attempts: z.number().int().min(1).max(100).default(10), backoffMs: z.number().int().min(1).default(15_000) })
    .default({ attempts: 10, backoffMs: 15_000 }),
  rateLimit: z.object({ max: z.number().int().positive(), perMs: z.number().int().positive() }).optional(),
  concurrency: z.number().int().min(1).max(100).default(4),
  /** Per request to the provider. */
  timeoutMs: z.number().int().positive().default(15_000),
};

import { z } from 'zod';
import { BUCKET_NAMES } from './metrics.js';
import { Context, WireEvent } from './wire-event.js';

export const Device = z.object({
  browser: z.string().optional(),
  os: z.string().optional(),
  type: z.string().optional(),
  bot: z.boolean(),
});

export const EnrichedContext = Context.extend({
  device: Device.optional(),
  country: z.string().length(2).optional(),
  /** Truncated or hashed per the privacy setting; never the raw address. */
  ip: z.string().optional(),
});

/** A rating after the worker: the wire event plus what only the server knows. */
export const EnrichedRecord = WireEvent.safeExtend({
  site: z.string().min(1),
  score: z.number().min(0).max(1),
  bucket: z.enum(BUCKET_NAMES),
  receivedAt: z.iso.datetime({ offset: true }),
  timestamp: z.iso.datetime({ offset: true }),
  context: EnrichedContext.optional(),
  sentiment: z.object({ score: z.number().min(-1).max(1), label: z.enum(['positive', 'neutral', 'negative']) }).optional(),
  topics: z.array(z.string()).optional(),
});
export type EnrichedRecord = z.infer<typeof EnrichedRecord>;

/** The body of every webhook Feedloop sends. */
export const FeedbackCreated = z.object({
  type: z.literal('feedback.created'),
  timestamp: z.iso.datetime({ offset: true }),
  data: EnrichedRecord,
});
export type FeedbackCreated = z.infer<typeof FeedbackCreated>;

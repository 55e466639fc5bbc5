import { z } from 'zod';
import { LIMITS } from './limits.js';
import { isValidValue, METRIC_NAMES, METRIC_SCALES, TOUCHPOINT_PATTERN } from './metrics.js';

export const CHANNELS = ['chat', 'email', 'phone', 'web', 'in_person', 'other'] as const;

const scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);
const smallMap = (what: string) =>
  z
    .record(z.string().max(100), scalar)
    .refine((map) => Object.keys(map).length <= LIMITS.mapKeys, `${what} takes at most ${LIMITS.mapKeys} keys`);
const isoDate = z.iso.datetime({ offset: true });

export const Interaction = z.object({
  id: z.string().min(1).max(200).optional(),
  channel: z.enum(CHANNELS).optional(),
  agentId: z.string().min(1).max(200).optional(),
  endedAt: isoDate.optional(),
});

export const User = z.object({
  id: z.string().min(1).max(200).optional(),
  email: z.email().max(320).optional(),
  name: z.string().max(200).optional(),
  traits: smallMap('user.traits').optional(),
});

export const Context = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
  referrer: z.string().max(2048).optional(),
  title: z.string().max(500).optional(),
  locale: z.string().max(35).optional(),
  timezone: z.string().max(64).optional(),
  screen: z.object({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() }).optional(),
  sdk: z.object({ name: z.string().max(100), version: z.string().max(50) }).optional(),
});

/** One rating as the widget (or any client) sends it. */
export const WireEvent = z
  .object({
    id: z.uuid(),
    touchpoint: z.string().regex(TOUCHPOINT_PATTERN, 'a touchpoint is 1–64 of a-z 0-9 _ . - and starts with a letter or digit'),
    metric: z.enum(METRIC_NAMES),
    value: z.number().int(),
    comment: z.string().trim().max(LIMITS.commentChars).optional(),
    answers: smallMap('answers').optional(),
    interaction: Interaction.optional(),
    user: User.optional(),
    context: Context.optional(),
    metadata: smallMap('metadata').optional(),
    createdAt: isoDate,
  })
  .superRefine((event, ctx) => {
    if (!isValidValue(event.metric, event.value)) {
      const { min, max } = METRIC_SCALES[event.metric];
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${event.metric} takes an integer from ${min} to ${max}` });
    }
  });
export type WireEvent = z.infer<typeof WireEvent>;

/** Several ratings in one request; `sentAt` lets the server correct the client's clock. */
export const WireBatch = z.object({
  batch: z.array(WireEvent).min(1).max(LIMITS.batchEvents),
  sentAt: isoDate.optional(),
});
export type WireBatch = z.infer<typeof WireBatch>;


import { BUCKET_NAMES, METRIC_NAMES, type EnrichedRecord } from '@feedloop/schema';
import { z } from 'zod';

/**
 * A comment as the worker keeps it for the dashboard: the rating around it, without who wrote it (no user, no
 * context). Already redacted per `privacy.redact`, like every enriched record.
 */
export const StoredComment = z.object({
  id: z.string(),
  timestamp: z.iso.datetime({ offset: true }),
  touchpoint: z.string(),
  metric: z.enum(METRIC_NAMES),
  value: z.number().int(),
  bucket: z.enum(BUCKET_NAMES),
  sentiment: z.object({ score: z.number().min(-1).max(1), label: z.enum(['positive', 'neutral', 'negative']) }).optional(),
  comment: z.string(),
  topics: z.array(z.string()),
  channel: z.string().optional(),
  agentId: z.string().optional(),
});
export type StoredComment = z.infer<typeof StoredComment>;

export function storedComment(record: EnrichedRecord): StoredComment | undefined {
  const comment = record.comment?.trim();
  if (!comment) return undefined;
  return {
    id: record.id,
    timestamp: record.timestamp,
    touchpoint: record.touchpoint,
    metric: record.metric,
    value: record.value,
    bucket: record.bucket,
    comment,
    ...(record.sentiment ? { sentiment: record.sentiment } : {}),
    topics: record.topics ?? [],
    ...(record.interaction?.channel ? { channel: record.interaction.channel } : {}),
    ...(record.interaction?.agentId ? { agentId: record.interaction.agentId } : {}),
  };
}

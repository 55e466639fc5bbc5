import { NEGATIVE_BUCKET, type DetractorAlert, type EnrichedRecord } from '@feedloop/schema';

/** An unhappy rating that came with a comment is someone to follow up with; the alert id is fixed by the event. */
export function detractorAlert(record: EnrichedRecord): DetractorAlert | undefined {
  if (record.bucket !== NEGATIVE_BUCKET[record.metric] || !record.comment?.trim()) return undefined;
  return { type: 'alert.detractor', id: `${record.id}-detractor`, site: record.site, createdAt: record.receivedAt, rating: record };
}

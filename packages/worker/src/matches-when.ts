import type { DestinationConfig } from '@feedloop/runtime';
import type { EnrichedRecord } from '@feedloop/schema';

/** `support.*` matches `support.chat`; `*` alone matches every touchpoint. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export type When = DestinationConfig['when'];

/** A destination's `when` filter: every list given must contain the record's value; an absent list matches all. */
export function compileWhen(when: When): (record: EnrichedRecord) => boolean {
  const touchpoints = when.touchpoints?.map(globToRegExp);
  return (record) =>
    (!touchpoints || touchpoints.some((re) => re.test(record.touchpoint))) &&
    (!when.metrics || when.metrics.includes(record.metric)) &&
    (!when.buckets || when.buckets.includes(record.bucket)) &&
    (!when.sites || when.sites.includes(record.site)) &&
    (when.hasComment === undefined || when.hasComment === Boolean(record.comment?.trim()));
}

import type { DestinationConfig } from '@feedloop/runtime';
import { touchpointMatcher, type AlertRecord, type EnrichedRecord, type RecordType } from '@feedloop/schema';

/** A destination's `when`; `types` as parsed config always has it, and means ratings only when absent. */
export type When = Omit<DestinationConfig['when'], 'types'> & { types?: readonly RecordType[] | undefined };

export interface WhenMatcher {
  (record: EnrichedRecord): boolean;
  /**
   * Alerts are matched by type, site and metric; a detractor alert also by its rating's touchpoint, bucket and
   * comment; a missed target by its touchpoint glob, as written (a `when` for `support.*` takes a target on `support.*`).
   */
  alert(alert: AlertRecord): boolean;
}

/** A destination's `when` filter: every list given must contain the record's value; an absent list matches all. */
export function compileWhen(when: When): WhenMatcher {
  const types = when.types ?? ['feedback.created'];
  const touchpoints = when.touchpoints?.map(touchpointMatcher);
  const touchpointMatches = (touchpoint: string) => !touchpoints || touchpoints.some((matches) => matches(touchpoint));
  const ratingMatches = (record: EnrichedRecord) =>
    touchpointMatches(record.touchpoint) &&
    (!when.metrics || when.metrics.includes(record.metric)) &&
    (!when.buckets || when.buckets.includes(record.bucket)) &&
    (!when.sites || when.sites.includes(record.site)) &&
    (when.hasComment === undefined || when.hasComment === Boolean(record.comment?.trim()));

  const matcher = (record: EnrichedRecord) => types.includes('feedback.created') && ratingMatches(record);
  matcher.alert = (alert: AlertRecord) => {
    if (!types.includes(alert.type)) return false;
    if (alert.type === 'alert.detractor') return ratingMatches(alert.rating);
    return (
      touchpointMatches(alert.target.touchpoint) &&
      (!when.metrics || when.metrics.includes(alert.target.metric)) &&
      (!when.sites || when.sites.includes(alert.site))
    );
  };
  return matcher;
}

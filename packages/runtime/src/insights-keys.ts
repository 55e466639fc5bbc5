/**
 * Where the insights counters live. Every key of one site carries the hash tag `{insights:<site>}`: a site's counters
 * are read together (one dashboard, one query), so they share a Redis Cluster slot, and different sites spread over
 * the shards. Counts are kept per UTC day as a hash of rating value → responses.
 *
 * Dimensions: `tp` counts per touchpoint; `ch` per touchpoint and channel, `ag` per touchpoint and agent (member
 * `<touchpoint>|<channel or agent>`), so a touchpoint filter applies to every grouping.
 */
export type InsightsDimension = 'tp' | 'ch' | 'ag';

export const INSIGHTS_DIMENSIONS: readonly InsightsDimension[] = ['tp', 'ch', 'ag'];

export function insightsKeys(prefix: string, site: string) {
  const base = `${prefix}:{insights:${site}}`;
  return {
    /** Hash of value → count for one metric, one member of a dimension, one UTC day (`2026-11-30`). */
    day: (metric: string, dimension: InsightsDimension, member: string, day: string) => `${base}:d:${metric}:${dimension}:${member}:${day}`,
    /** The members seen for a metric and dimension (touchpoints, `touchpoint|channel`, `touchpoint|agent`). */
    members: (metric: string, dimension: InsightsDimension) => `${base}:m:${metric}:${dimension}`,
    /** Set once an event is counted, so a retried job never counts twice. */
    counted: (eventId: string) => `${base}:c:${eventId}`,
  };
}

/** How long an event stays marked as counted: longer than any retry or replay of its job. */
export const COUNTED_MARK_SECONDS = 30 * 24 * 60 * 60;

/**
 * Counts one event unless it was counted already: both or neither. Returns 1 when counted, 0 for a repeat.
 * KEYS[1] the counted mark, then for each dimension the day hash and the members set.
 * ARGV: mark seconds, expire-at (Unix seconds) of the day hashes, the rating value, then one member per dimension.
 *
 * A day hash expires at its day's expire-at; one already past it (a rating older than the retention) is deleted at once.
 * A members set spans every day, so its expiry only ever moves later: a late rating of an older day must neither
 * shorten it (members of newer days would vanish before their counters) nor, past the retention, delete it.
 */
export const COUNT_SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then return 0 end
local expireAt = tonumber(ARGV[2])
local now = tonumber(redis.call('TIME')[1])
for i = 2, #KEYS, 2 do
  redis.call('HINCRBY', KEYS[i], ARGV[3], 1)
  redis.call('EXPIREAT', KEYS[i], expireAt)
  if expireAt > now then
    redis.call('SADD', KEYS[i + 1], ARGV[4 + (i - 2) / 2])
    local ttl = redis.call('TTL', KEYS[i + 1])
    if ttl < 0 or now + ttl < expireAt then redis.call('EXPIREAT', KEYS[i + 1], expireAt) end
  end
end
return 1
`;

/** `2026-11-30` of a timestamp, in UTC. */
export function utcDay(timestamp: string | number | Date): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

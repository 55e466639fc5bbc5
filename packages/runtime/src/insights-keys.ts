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
 * Members a site may have per metric and dimension. Touchpoints, channels and agents come from the public widget; past
 * this many, a new one is not broken down (its ratings still count under the members already known and the total).
 */
export const MAX_MEMBERS = 10_000;

/**
 * Counts one event unless it was counted already: both or neither. Returns 1 when counted, 0 for a repeat.
 * KEYS[1] the counted mark, then for each dimension the day hash and the members set.
 * ARGV: mark seconds, expire-at (Unix seconds) of the day hashes, the rating value, then one member per dimension.
 *
 * Expiries only ever move later: a day hash or a members set is shortened neither by a late rating of an older day
 * nor by a lowered retention. A new day hash already past its expire-at (a rating older than the retention) is
 * deleted at once, and its member not added.
 */
export const COUNT_SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then return 0 end
local expireAt = tonumber(ARGV[2])
local now = tonumber(redis.call('TIME')[1])
local function expireNotSooner(key)
  local ttl = redis.call('TTL', key)
  if ttl < 0 or now + ttl < expireAt then redis.call('EXPIREAT', key, expireAt) end
end
for i = 2, #KEYS, 2 do
  local member = ARGV[4 + (i - 2) / 2]
  local known = redis.call('SISMEMBER', KEYS[i + 1], member) == 1
  if known or redis.call('SCARD', KEYS[i + 1]) < ${MAX_MEMBERS} then
    redis.call('HINCRBY', KEYS[i], ARGV[3], 1)
    expireNotSooner(KEYS[i])
    if expireAt > now then
      redis.call('SADD', KEYS[i + 1], member)
      expireNotSooner(KEYS[i + 1])
    end
  end
end
return 1
`;

/** `2026-11-30` of a timestamp, in UTC. */
export function utcDay(timestamp: string | number | Date): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

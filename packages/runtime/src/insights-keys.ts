import { createHash } from 'node:crypto';

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
    /** The latest comments (JSON of `StoredComment`), newest first, at most `MAX_COMMENTS`. */
    comments: () => `${base}:comments`,
    /** Hash of value → count of the ratings one target judges, for one UTC day: its rolling window is a few of these. */
    targetDay: (target: TargetIdentity, day: string) => `${base}:t:${targetKey(target)}:${day}`,
    /**
     * A target's breach: JSON `{ eventId, since }` of the rating that claimed it, with `ended` (ISO) once the window
     * came back, kept for the cooldown. Absent: no breach.
     */
    targetBreach: (target: TargetIdentity) => `${base}:tb:${targetKey(target)}`,
  };
}

/** What makes a target's counts its own: edit its metric or touchpoint and it starts afresh, whatever its id. */
export type TargetIdentity = { id: string; metric: string; touchpoint: string };

function targetKey({ id, metric, touchpoint }: TargetIdentity): string {
  return `${id}:${metric}:${createHash('sha256').update(touchpoint).digest('hex').slice(0, 12)}`;
}

/** How long an event stays marked as counted: longer than any retry or replay of its job. */
export const COUNTED_MARK_SECONDS = 30 * 24 * 60 * 60;

/**
 * Members a site may have per metric and dimension. Touchpoints, channels and agents come from the public widget; past
 * this many, a new one is not broken down (its ratings still count under the members already known and the total).
 */
export const MAX_MEMBERS = 10_000;

/** Comments kept for the dashboard's "latest comments", per site. */
export const MAX_COMMENTS = 1_000;

/** How long a target's day hash is kept: past the longest window a target may have (90 days). */
export const TARGET_DAY_SECONDS = 92 * 24 * 60 * 60;

/**
 * Counts one event unless it was counted already: all or nothing. Returns 1 when counted, 0 for a repeat.
 * KEYS: the counted mark; for each dimension its day hash and members set; the comments list; then the day hash of
 * each target that judges this rating.
 * ARGV: mark seconds, expire-at (Unix seconds) of the day hashes, the rating value, the number of dimensions, one
 * member per dimension, the comment's JSON ('' for none), the comments list's expire-at, the target hashes' expire-at.
 *
 * Expiries only ever move later: a day hash or a members set is shortened neither by a late rating of an older day
 * nor by a lowered retention. A new day hash already past its expire-at (a rating older than the retention) is
 * deleted at once, and its member not added.
 */
export const COUNT_SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then return 0 end
local expireAt = tonumber(ARGV[2])
local value = ARGV[3]
local dimensions = tonumber(ARGV[4])
local now = tonumber(redis.call('TIME')[1])
local function expireNotSooner(key, at)
  local ttl = redis.call('TTL', key)
  if ttl < 0 or now + ttl < at then redis.call('EXPIREAT', key, at) end
end
for d = 1, dimensions do
  local day, members, member = KEYS[2 * d], KEYS[2 * d + 1], ARGV[4 + d]
  local known = redis.call('SISMEMBER', members, member) == 1
  if known or redis.call('SCARD', members) < ${MAX_MEMBERS} then
    redis.call('HINCRBY', day, value, 1)
    expireNotSooner(day, expireAt)
    if expireAt > now then
      redis.call('SADD', members, member)
      expireNotSooner(members, expireAt)
    end
  end
end
local comments = KEYS[2 * dimensions + 2]
local comment = ARGV[5 + dimensions]
if comment ~= '' then
  redis.call('LPUSH', comments, comment)
  redis.call('LTRIM', comments, 0, ${MAX_COMMENTS - 1})
  expireNotSooner(comments, tonumber(ARGV[6 + dimensions]))
end
local targetExpireAt = tonumber(ARGV[7 + dimensions])
for i = 2 * dimensions + 3, #KEYS do
  redis.call('HINCRBY', KEYS[i], value, 1)
  expireNotSooner(KEYS[i], targetExpireAt)
end
return 1
`;

/** `2026-11-30` of a timestamp, in UTC. */
export function utcDay(timestamp: string | number | Date): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

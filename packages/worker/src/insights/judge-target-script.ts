/**
 * Judges one target's rolling window and settles its breach in one step, so two workers judging at once cannot
 * end a breach and claim a new one in between each other's reads.
 *
 * KEYS: the breach key, then the window's day hashes.
 * ARGV: the rating's event id, its claim (JSON `{ eventId, since, from, to }`), '1' to judge or '0' only to look
 * for the rating's own claim, minimum responses, the target's min, the breach key's seconds, the cooldown's seconds,
 * now (ISO), then pairs of value and headline weight (`headlineWeight`): the headline is Σ weight · n / Σ n.
 *
 * Returns `{ verdict, breach }`; a claim is stored with the `histogram` of the window it was judged on, so the alert
 * shows the figures that made it, also when its job runs again after the window has moved on.
 * - `mine`: the breach is this rating's claim (its job runs again): raise its alert again, also if the breach has
 *   ended since (the job may have stopped before queueing it; a repeat is absorbed by the alert's fixed id);
 * - `claimed`: this rating began a breach: raise the alert;
 * - `breached` (already, refreshed), `reopened` (within the cooldown of the last one: the same breach, no alert),
 *   `met` (a breach, if any, ended), `unjudged` (too few responses), `skipped` (not asked to judge): nothing to raise.
 *
 * A breach key lives `windowDays + 1` days from the last rating that found the window below target: a breach nobody
 * confirmed for a whole window is over. An ended breach is kept for the cooldown, then forgotten.
 */
export const JUDGE_TARGET_SCRIPT = `
local eventId, claim, judge = ARGV[1], ARGV[2], ARGV[3]
local minResponses, min = tonumber(ARGV[4]), tonumber(ARGV[5])
local breachSeconds, cooldownSeconds, now = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]
local weight = {}
for i = 9, #ARGV, 2 do weight[ARGV[i]] = tonumber(ARGV[i + 1]) end

local totals, n, sum = {}, 0, 0
for k = 2, #KEYS do
  local cells = redis.call('HGETALL', KEYS[k])
  for i = 1, #cells, 2 do
    local w, count = weight[cells[i]], tonumber(cells[i + 1])
    if w and count and count >= 0 and count == math.floor(count) then
      totals[cells[i]] = (totals[cells[i]] or 0) + count
      n = n + count
      sum = sum + w * count
    end
  end
end
local function answer(verdict, breach)
  return { verdict, breach or '' }
end

local raw = redis.call('GET', KEYS[1])
local breach = nil
if raw then
  local ok, decoded = pcall(cjson.decode, raw)
  if ok and type(decoded) == 'table' and type(decoded.eventId) == 'string' then breach = decoded end
end
if breach and breach.eventId == eventId then return answer('mine', raw) end
if judge ~= '1' then return answer('skipped') end
if n < minResponses then return answer('unjudged') end
if sum / n >= min then
  if breach and not breach.ended then
    if cooldownSeconds > 0 then
      breach.ended = now
      redis.call('SET', KEYS[1], cjson.encode(breach), 'EX', cooldownSeconds)
    else
      redis.call('DEL', KEYS[1])
    end
  end
  return answer('met')
end
if breach and breach.ended then
  breach.ended = nil
  redis.call('SET', KEYS[1], cjson.encode(breach), 'EX', breachSeconds)
  return answer('reopened')
end
if breach then
  redis.call('EXPIRE', KEYS[1], breachSeconds)
  return answer('breached')
end
local claimed = cjson.decode(claim)
claimed.histogram = totals
local stored = cjson.encode(claimed)
redis.call('SET', KEYS[1], stored, 'EX', breachSeconds)
return answer('claimed', stored)
`;

/**
 * Judges one target's rolling window and settles its breach in one step, so two workers judging at once cannot
 * end a breach and claim a new one in between each other's reads.
 *
 * KEYS: the breach key, then the window's day hashes.
 * ARGV: minimum responses, the target's min, the claim (JSON `{ eventId, since }`), breach key seconds, then pairs of
 * value and headline weight (`headlineWeight`): the headline is Σ weight · n / Σ n, compared without dividing.
 * Returns `unjudged` (too few responses), `met` (breach ended, if any), or the breach's claim (maybe another rating's).
 */
export const JUDGE_TARGET_SCRIPT = `
local minResponses = tonumber(ARGV[1])
local min = tonumber(ARGV[2])
local weight = {}
for i = 5, #ARGV, 2 do weight[ARGV[i]] = tonumber(ARGV[i + 1]) end
local n, sum = 0, 0
for k = 2, #KEYS do
  local cells = redis.call('HGETALL', KEYS[k])
  for i = 1, #cells, 2 do
    local w, count = weight[cells[i]], tonumber(cells[i + 1])
    if w and count and count >= 0 then
      n = n + count
      sum = sum + w * count
    end
  end
end
if n < minResponses then return 'unjudged' end
if sum >= min * n then
  redis.call('DEL', KEYS[1])
  return 'met'
end
if redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[4], 'NX') then return ARGV[3] end
return redis.call('GET', KEYS[1])
`;

import type { EventJob } from './queues.js';

/**
 * The intake log: ingest appends the events of many requests as one stream entry, and pumps move them into the
 * `{events}` queue. Its keys carry the queue's hash tag, so that the intake script touches one Cluster slot.
 */
export function intakeKeys(prefix: string) {
  return {
    stream: `${prefix}:{events}:intake`,
    /** `seen` + event id: set for 24 hours when an event is first taken. */
    seen: `${prefix}:{events}:seen:`,
    /** Entries no pump could read, kept for a person to look at. */
    dead: `${prefix}:{events}:intake-dead`,
    group: 'pumps',
  };
}

export const DEDUPE_SECONDS = 24 * 60 * 60;

/** Options of every job in the events queue. */
export const EVENT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3_600 },
} as const;

/**
 * Marks each event id as seen unless it already is, and appends the new events as one entry: both or neither,
 * so an event is never marked without being kept. Returns 1 (taken) or 0 (a duplicate) per event.
 * KEYS[1] the stream; ARGV: seconds to remember an id, the seen-key prefix, then id and job JSON pairs.
 */
export const INTAKE_SCRIPT = `
local taken, flags = {}, {}
for i = 3, #ARGV, 2 do
  if redis.call('SET', ARGV[2] .. ARGV[i], '1', 'EX', ARGV[1], 'NX') then
    taken[#taken + 1] = ARGV[i + 1]
    flags[#flags + 1] = 1
  else
    flags[#flags + 1] = 0
  end
end
if #taken > 0 then redis.call('XADD', KEYS[1], '*', 'jobs', '[' .. table.concat(taken, ',') .. ']') end
return flags
`;

export type IntakeEntry = EventJob[];

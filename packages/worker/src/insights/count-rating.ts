import { COUNT_SCRIPT, COUNTED_MARK_SECONDS, insightsKeys, storedComment, TARGET_DAY_SECONDS, utcDay, type Config } from '@feedloop/runtime';
import type { InsightsTarget } from '@feedloop/schema';
import type { EnrichedRecord } from '@feedloop/schema';
import type { RedisClient } from '@feedloop/runtime';

const COMMAND = 'feedloopCountRating';
const DAY_SECONDS = 86_400;

type CountCommand = (numberOfKeys: number, ...keysAndArgs: (string | number)[]) => Promise<number>;

export interface InsightsCounter {
  /**
   * Counts the record into its UTC day's histograms, keeps its comment, and counts it for the targets that judge
   * it; `false` when it was counted already (a retried job).
   */
  count(record: EnrichedRecord, targets?: readonly InsightsTarget[]): Promise<boolean>;
}

/**
 * Per site × touchpoint × metric × UTC day (and the same per channel and per agent): one script call per event,
 * at most 8 keys touched plus one per target that judges the rating, whatever the volume. The day is the one of `record.timestamp`, when the customer answered.
 */
export function createInsightsCounter(config: Readonly<Config>, redis: RedisClient): InsightsCounter {
  // Sent once per connection by EVALSHA, with a fallback to EVAL when the server does not know the script yet.
  redis.defineCommand(COMMAND, { lua: COUNT_SCRIPT });
  const run = (redis as unknown as Record<typeof COMMAND, CountCommand>)[COMMAND].bind(redis);
  const prefix = config.redis.prefix;
  const retentionSeconds = config.insights.retentionDays * DAY_SECONDS;

  return {
    async count(record, targets = []) {
      const keys = insightsKeys(prefix, record.site);
      const day = utcDay(record.timestamp);
      const dayStart = Date.parse(`${day}T00:00:00Z`) / 1000;
      const { touchpoint, metric } = record;
      const dimensions: [dimension: 'tp' | 'ch' | 'ag', member: string][] = [['tp', touchpoint]];
      if (record.interaction?.channel) dimensions.push(['ch', `${touchpoint}|${record.interaction.channel}`]);
      if (record.interaction?.agentId) dimensions.push(['ag', `${touchpoint}|${record.interaction.agentId}`]);

      const keyList = [keys.counted(record.id)];
      for (const [dimension, member] of dimensions) keyList.push(keys.day(metric, dimension, member, day), keys.members(metric, dimension));
      keyList.push(keys.comments(), ...targets.map((target) => keys.targetDay(target, day)));
      const comment = storedComment(record);
      const args = [
        COUNTED_MARK_SECONDS,
        dayStart + retentionSeconds,
        record.value,
        dimensions.length,
        ...dimensions.map(([, member]) => member),
        comment ? JSON.stringify(comment) : '',
        Math.floor(Date.now() / 1000) + retentionSeconds,
        dayStart + TARGET_DAY_SECONDS,
      ];
      return (await run(keyList.length, ...keyList, ...args)) === 1;
    },
  };
}

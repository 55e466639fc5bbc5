import { insightsKeys, readTargetWindow, utcDay, windowDays, type Config } from '@feedloop/runtime';
import { METRIC_SCALES, type EnrichedRecord, type InsightsTarget, type TargetMissedAlert } from '@feedloop/schema';
import { headlineWeight } from '@feedloop/schema/insights';
import type { Redis } from 'ioredis';
import { globToRegExp } from '../matches-when.js';
import { JUDGE_TARGET_SCRIPT } from './judge-target-script.js';

type ConfiguredTarget = Config['insights']['targets'][number];

/** The breach a target is in: the rating that tipped it, and when. */
interface Breach {
  eventId: string;
  since: string;
}

export interface TargetWatch {
  /** The targets that judge this rating: same metric, a matching touchpoint, and its site. */
  targetsOf(record: EnrichedRecord): InsightsTarget[];
  /**
   * Judges each target's rolling window after the rating was counted, and returns the alerts it raises. A target
   * alerts once per breach: the first rating to find its window below target with enough responses claims the
   * breach, and only that rating's job raises the alert (again, if the job runs again). A window back at or above
   * the target ends the breach.
   */
  judge(record: EnrichedRecord, targets: readonly InsightsTarget[]): Promise<TargetMissedAlert[]>;
}

const COMMAND = 'feedloopJudgeTarget';
type JudgeCommand = (numberOfKeys: number, ...keysAndArgs: (string | number)[]) => Promise<string>;

/** Value, weight, value, weight… for every value on the metric's scale. */
function weightsOf(metric: InsightsTarget['metric']): number[] {
  const { min, max } = METRIC_SCALES[metric];
  return Array.from({ length: max - min + 1 }, (_, index) => [min + index, headlineWeight(metric, min + index)]).flat();
}

export function createTargetWatch(config: Readonly<Config>, redis: Redis, now: () => number = Date.now): TargetWatch {
  redis.defineCommand(COMMAND, { lua: JUDGE_TARGET_SCRIPT });
  const judge = (redis as unknown as Record<typeof COMMAND, JudgeCommand>)[COMMAND].bind(redis);
  const prefix = config.redis.prefix;
  const breachSeconds = config.insights.retentionDays * 86_400;
  const watched = config.insights.targets.map((configured) => ({ target: publicTarget(configured), sites: configured.sites, touchpoint: globToRegExp(configured.touchpoint) }));

  async function judgeOne(record: EnrichedRecord, target: InsightsTarget): Promise<TargetMissedAlert | undefined> {
    const today = utcDay(now());
    const days = windowDays(target, today);
    // A late rating of a day outside the window changes nothing the window shows.
    if (!days.includes(utcDay(record.timestamp))) return undefined;
    const keys = insightsKeys(prefix, record.site);
    const claim: Breach = { eventId: record.id, since: new Date(now()).toISOString() };
    const dayKeys = days.map((day) => keys.targetDay(target.id, day));
    const verdict = await judge(1 + dayKeys.length, keys.targetBreach(target.id), ...dayKeys, target.minResponses, target.min, JSON.stringify(claim), breachSeconds, ...weightsOf(target.metric));
    const breach = verdict === 'met' || verdict === 'unjudged' ? undefined : parseBreach(verdict);
    // Claimed by another rating: its job raises (or raised) the alert. Ours only when this rating claimed it.
    if (breach?.eventId !== record.id) return undefined;
    // The figures the alert shows, with their interval; read after the verdict, so they may include a later rating.
    const window = await readTargetWindow(redis, prefix, record.site, target, today);
    if (window.headline === undefined) return undefined;
    const { histogram: _histogram, headline, ...rest } = window;
    return {
      type: 'alert.target_missed',
      id: `${record.id}-target-${target.id}`,
      site: record.site,
      createdAt: breach.since,
      target,
      window: { ...rest, headline },
      eventId: record.id,
    };
  }

  return {
    targetsOf(record) {
      return watched
        .filter(({ target, sites, touchpoint }) => target.metric === record.metric && touchpoint.test(record.touchpoint) && (!sites || sites.includes(record.site)))
        .map(({ target }) => target);
    },
    async judge(record, targets) {
      const alerts = await Promise.all(targets.map((target) => judgeOne(record, target)));
      return alerts.filter((alert): alert is TargetMissedAlert => alert !== undefined);
    },
  };
}

/** What an alert says of its target: the config's entry without the site list (an alert is about one site). */
function publicTarget({ id, metric, touchpoint, min, minResponses, windowDays: days }: ConfiguredTarget): InsightsTarget {
  return { id, metric, touchpoint, min, minResponses, windowDays: days };
}

function parseBreach(raw: string | null): Breach | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<Breach>;
    return typeof value.eventId === 'string' && typeof value.since === 'string' ? { eventId: value.eventId, since: value.since } : undefined;
  } catch {
    return undefined;
  }
}

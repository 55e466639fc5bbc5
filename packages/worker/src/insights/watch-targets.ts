import { insightsKeys, utcDay, windowDays, type Config } from '@feedloop/runtime';
import { METRIC_NAMES, METRIC_SCALES, touchpointMatcher, type EnrichedRecord, type InsightsTarget, type TargetMissedAlert } from '@feedloop/schema';
import { headline, headlineWeight, type Histogram } from '@feedloop/schema/insights';
import type { RedisClient } from '@feedloop/runtime';
import { JUDGE_TARGET_SCRIPT } from './judge-target-script.js';

type ConfiguredTarget = Config['insights']['targets'][number];

export interface TargetWatch {
  /** The targets that judge this rating: same metric, a matching touchpoint, and its site. */
  targetsOf(record: EnrichedRecord): ConfiguredTarget[];
  /**
   * Judges each target's rolling window after the rating was counted, and returns the alerts it raises. A target
   * alerts once per breach: the first rating to find its window below target with enough responses claims the
   * breach, and only that rating's job raises the alert (again, with the same id, if the job runs again while the
   * breach lasts). A window back at or above the target ends the breach; a new fall within the cooldown reopens it
   * without a second alert.
   */
  judge(record: EnrichedRecord, targets: readonly ConfiguredTarget[]): Promise<TargetMissedAlert[]>;
}

const COMMAND = 'feedloopJudgeTarget';
const DAY_SECONDS = 86_400;
type JudgeCommand = (numberOfKeys: number, ...keysAndArgs: (string | number)[]) => Promise<string[]>;

/** Value, weight, value, weight… for every value on the metric's scale. */
function weightsOf(metric: InsightsTarget['metric']): number[] {
  const { min, max } = METRIC_SCALES[metric];
  return Array.from({ length: max - min + 1 }, (_, index) => [min + index, headlineWeight(metric, min + index)]).flat();
}

export function createTargetWatch(config: Readonly<Config>, redis: RedisClient, now: () => number = Date.now): TargetWatch {
  redis.defineCommand(COMMAND, { lua: JUDGE_TARGET_SCRIPT });
  const judge = (redis as unknown as Record<typeof COMMAND, JudgeCommand>)[COMMAND].bind(redis);
  const prefix = config.redis.prefix;
  const watched = config.insights.targets.map((target) => ({ target, matches: touchpointMatcher(target.touchpoint) }));
  // The judge script's value → weight pairs, computed once per metric rather than per rating.
  const weights = new Map(METRIC_NAMES.map((metric) => [metric, weightsOf(metric)]));

  async function judgeOne(record: EnrichedRecord, configured: ConfiguredTarget): Promise<TargetMissedAlert | undefined> {
    const at = now();
    const today = utcDay(at);
    const days = windowDays(configured, today);
    const keys = insightsKeys(prefix, record.site);
    // A late rating of a day outside the window changes nothing the window shows: it only looks for its own claim.
    const judges = days.includes(utcDay(record.timestamp));
    const from = days[0]!;
    const to = days[days.length - 1]!;
    const claim = JSON.stringify({ eventId: record.id, since: new Date(at).toISOString(), from, to });
    const [verdict, stored] = await judge(
      1 + days.length,
      keys.targetBreach(configured),
      ...days.map((day) => keys.targetDay(configured, day)),
      record.id,
      claim,
      judges ? '1' : '0',
      configured.minResponses,
      configured.min,
      (configured.windowDays + 1) * DAY_SECONDS,
      Math.round(configured.cooldownHours * 3_600),
      new Date(at).toISOString(),
      ...weights.get(configured.metric)!,
    );
    if (verdict !== 'claimed' && verdict !== 'mine') return undefined;
    const breach = parseBreach(stored);
    if (!breach) return undefined;
    const figures = headline(configured.metric, breach.histogram);
    if (figures.headline === undefined) return undefined;
    const target = publicTarget(configured);
    return {
      type: 'alert.target_missed',
      // The claim's time too: should this rating's job run again after its breach ended and claim a new one, that
      // alert must not share the first one's id (it would be taken for a repeat and dropped).
      id: `${record.id}-target-${target.id}-${Date.parse(breach.since)}`,
      site: record.site,
      createdAt: breach.since,
      target,
      window: { from: breach.from, to: breach.to, count: figures.count, headline: figures.headline, ...(figures.ci95 ? { ci95: figures.ci95 } : {}) },
      eventId: record.id,
    };
  }

  return {
    targetsOf(record) {
      return watched
        .filter(({ target, matches }) => target.metric === record.metric && matches(record.touchpoint) && (!target.sites || target.sites.includes(record.site)))
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

/** A breach as the judge script stores it; undefined when it is not one (a key written by something else). */
function parseBreach(raw: string | undefined): { since: string; from: string; to: string; histogram: Histogram } | undefined {
  try {
    const { since, from, to, histogram } = JSON.parse(raw ?? '') as Record<string, unknown>;
    if (typeof since !== 'string' || typeof from !== 'string' || typeof to !== 'string') return undefined;
    // Lua's cjson writes an empty table as `{}`, and a histogram's counts as numbers.
    const cells = histogram && typeof histogram === 'object' ? Object.entries(histogram) : [];
    return { since, from, to, histogram: Object.fromEntries(cells.filter(([, n]) => Number.isInteger(n) && (n as number) >= 0)) as Histogram };
  } catch {
    return undefined;
  }
}

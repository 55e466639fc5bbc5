/**
 * Reads the daily insights counters (packages/runtime/src/insights-keys.ts) of one site and metric: every member of
 * a dimension whose touchpoint matches the glob, for every day of a range. Bounded by days × members; read in
 * pipelines of at most PIPELINE_COMMANDS commands (all keys of a site share one Cluster slot).
 */
import { insightsKeys, type InsightsDimension } from '@feedloop/runtime';
import type { Histogram } from '@feedloop/schema/insights';
import type { Redis } from 'ioredis';
import { touchpointMatcher } from './touchpoint-glob.js';

/** One member's histogram on one day. */
export interface Cell {
  /** The touchpoint, or `<touchpoint>|<channel or agent>`. */
  readonly member: string;
  readonly day: string;
  readonly histogram: Histogram;
}

export interface CounterRead {
  readonly dimension: InsightsDimension;
  readonly days: readonly string[];
}

/** Commands per round trip: keeps one request's replies small however many members a site has. */
export const PIPELINE_COMMANDS = 5_000;

/** The touchpoint of a member: the whole member for `tp`, the part before `|` for `ch` and `ag`. */
export function touchpointOf(member: string): string {
  const bar = member.indexOf('|');
  return bar === -1 ? member : member.slice(0, bar);
}

async function run(redis: Redis, commands: string[][]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (let i = 0; i < commands.length; i += PIPELINE_COMMANDS) {
    const replies = (await redis.pipeline(commands.slice(i, i + PIPELINE_COMMANDS)).exec()) ?? [];
    for (const [error, value] of replies) {
      if (error) throw error;
      results.push(value);
    }
  }
  return results;
}

function toHistogram(raw: unknown): Histogram {
  const out: Histogram = {};
  for (const [value, n] of Object.entries((raw ?? {}) as Record<string, string>)) out[value] = Number(n);
  return out;
}

/**
 * The non-empty cells of each read, in the order of `reads`. Members come from the `members` sets, filtered by
 * the touchpoint glob; then every (member, day) hash is read.
 */
export async function readCounters(
  redis: Redis,
  prefix: string,
  site: string,
  metric: string,
  touchpoint: string,
  reads: readonly CounterRead[],
): Promise<Cell[][]> {
  const keys = insightsKeys(prefix, site);
  const matches = touchpointMatcher(touchpoint);
  const dimensions = [...new Set(reads.map((r) => r.dimension))];
  const sets = await run(redis, dimensions.map((d) => ['smembers', keys.members(metric, d)]));
  const membersOf = new Map(dimensions.map((d, i) => [d, ((sets[i] ?? []) as string[]).filter((m) => matches(touchpointOf(m))).sort()]));

  const wanted: { read: number; member: string; day: string }[] = [];
  reads.forEach((read, index) => {
    for (const member of membersOf.get(read.dimension) ?? []) {
      for (const day of read.days) wanted.push({ read: index, member, day });
    }
  });
  const replies = await run(redis, wanted.map((w) => ['hgetall', keys.day(metric, reads[w.read]!.dimension, w.member, w.day)]));

  const out: Cell[][] = reads.map(() => []);
  wanted.forEach((w, i) => {
    const histogram = toHistogram(replies[i]);
    if (Object.keys(histogram).length > 0) out[w.read]!.push({ member: w.member, day: w.day, histogram });
  });
  return out;
}

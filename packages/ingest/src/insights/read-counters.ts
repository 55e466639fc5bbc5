/**
 * Reads the daily insights counters (packages/runtime/src/insights-keys.ts) of one site and metric: every member of
 * a dimension whose touchpoint matches the glob, for every day of a range. Bounded by days × members; read in
 * pipelines of at most PIPELINE_COMMANDS commands (all keys of a site share one Cluster slot).
 */
import { insightsKeys, type InsightsDimension } from '@feedloop/runtime';
import type { Histogram } from '@feedloop/schema/insights';
import { isValidValue, type Metric } from '@feedloop/schema/metrics';
import type { RedisClient } from '@feedloop/runtime';
import { touchpointMatcher } from '@feedloop/schema';

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

async function run(redis: RedisClient, commands: string[][]): Promise<unknown[]> {
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

export interface Counters {
  /** The non-empty cells of each read, in the order of the reads. */
  readonly cells: Cell[][];
  /** Hash fields left out because they were not a count of a value on the metric's scale. */
  readonly skipped: number;
}

/**
 * A day hash as a histogram, keys in canonical form. A field that is not a value on the metric's scale, or whose
 * count is not a non-negative integer, was not written by the worker (a hand edit, another version): it is left
 * out and counted in `skipped`, so that one bad field cannot turn the whole answer into an error.
 */
export function toHistogram(metric: Metric, raw: unknown): { histogram: Histogram; skipped: number } {
  const histogram: Histogram = {};
  let skipped = 0;
  for (const [field, count] of Object.entries((raw ?? {}) as Record<string, string>)) {
    const value = /^-?\d+$/.test(field) ? Number(field) : Number.NaN;
    const n = /^\d+$/.test(count) ? Number(count) : Number.NaN;
    if (!isValidValue(metric, value) || !Number.isSafeInteger(n)) {
      skipped += 1;
      continue;
    }
    // A zero is a valid count but no response: left out, so a member with none gets no row.
    if (n > 0) histogram[String(value)] = (histogram[String(value)] ?? 0) + n;
  }
  return { histogram, skipped };
}

/**
 * The cells of each read. Members come from the `members` sets, filtered by the touchpoint glob; then every
 * (member, day) hash is read.
 */
export async function readCounters(
  redis: RedisClient,
  prefix: string,
  site: string,
  metric: Metric,
  touchpoint: string,
  reads: readonly CounterRead[],
): Promise<Counters> {
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

  const cells: Cell[][] = reads.map(() => []);
  let skipped = 0;
  wanted.forEach((w, i) => {
    const read = toHistogram(metric, replies[i]);
    skipped += read.skipped;
    if (Object.keys(read.histogram).length > 0) cells[w.read]!.push({ member: w.member, day: w.day, histogram: read.histogram });
  });
  return { cells, skipped };
}

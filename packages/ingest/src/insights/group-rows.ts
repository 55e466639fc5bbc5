/**
 * Groups daily counter cells into the rows of the insights answer: by day, by ISO week (Monday first, key
 * `2026-W48`), or by touchpoint, channel or agent (the member's part after `|`).
 */
import type { Metric } from '@feedloop/schema/metrics';
import { mergeHistograms, type Histogram } from '@feedloop/schema/insights';
import { eachDay, isoWeek } from './dates.js';
import type { GroupBy } from './insights-query.js';
import type { Cell } from './read-counters.js';
import { touchpointOf } from './read-counters.js';
import { summarise, type Row } from './summary.js';

/** The row a cell belongs to. */
export function groupKey(groupBy: GroupBy, cell: Pick<Cell, 'member' | 'day'>): string {
  switch (groupBy) {
    case 'day':
      return cell.day;
    case 'week':
      return isoWeek(cell.day);
    case 'touchpoint':
      return touchpointOf(cell.member);
    case 'channel':
    case 'agent': {
      const bar = cell.member.indexOf('|');
      return bar === -1 ? cell.member : cell.member.slice(bar + 1);
    }
  }
}

/**
 * One histogram per row key, keys ascending. By day and by week every day / week of the range has a row, empty or
 * not (a chart's x axis); by touchpoint, channel or agent only those with responses.
 */
export function groupHistograms(groupBy: GroupBy, from: string, to: string, cells: readonly Cell[]): Map<string, Histogram> {
  const groups = new Map<string, Histogram[]>();
  if (groupBy === 'day' || groupBy === 'week') {
    for (const day of eachDay(from, to)) groups.set(groupKey(groupBy, { member: '', day }), []);
  }
  for (const cell of cells) {
    const key = groupKey(groupBy, cell);
    const list = groups.get(key);
    if (list) list.push(cell.histogram);
    else groups.set(key, [cell.histogram]);
  }
  const keys = [...groups.keys()].sort();
  return new Map(keys.map((key) => [key, mergeHistograms(...groups.get(key)!)]));
}

/** The rows of the answer, each with count, histogram, buckets, headline and 95 % interval. */
export function groupRows(metric: Metric, groupBy: GroupBy, from: string, to: string, cells: readonly Cell[]): Row[] {
  return [...groupHistograms(groupBy, from, to, cells)].map(([key, histogram]) => ({ key, ...summarise(metric, histogram) }));
}

/** All cells merged into one histogram. */
export function totalHistogram(cells: readonly Cell[]): Histogram {
  return mergeHistograms(...cells.map((c) => c.histogram));
}

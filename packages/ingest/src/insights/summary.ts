/**
 * A row or the total of the insights answer, from histograms, in its JSON form: figures rounded to 2 decimals, and
 * `null` (never an absent field) for a headline or interval that does not exist.
 */
import type { Metric } from '@feedloop/schema/metrics';
import { comparePeriods, headline, type BucketCounts, type Histogram } from '@feedloop/schema/insights';

export interface Summary {
  count: number;
  histogram: Histogram;
  buckets: BucketCounts;
  headline: number | null;
  ci95: [number, number] | null;
  /** ces only: percent of responses 5–7. */
  easyPct?: number | null;
}

export interface Row extends Summary {
  key: string;
}

export interface Total extends Summary {
  /** `complete: false` when part of the previous period is older than the counters are kept (`insights.retentionDays`). */
  previous: { count: number; headline: number | null; complete: boolean };
  change: number | null;
  significant: boolean;
}

/** To 2 decimals for the answer; the maths itself runs at full precision (docs/insights-maths.md). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100 + 0; // + 0 turns -0 into 0
}

function roundOrNull(x: number | undefined): number | null {
  return x === undefined ? null : round2(x);
}

export function summarise(metric: Metric, histogram: Histogram): Summary {
  const h = headline(metric, histogram);
  const out: Summary = {
    count: h.count,
    histogram: h.histogram,
    buckets: h.buckets,
    headline: roundOrNull(h.headline),
    ci95: h.ci95 ? [round2(h.ci95[0]), round2(h.ci95[1])] : null,
  };
  if (metric === 'ces') out.easyPct = roundOrNull(h.easyPct);
  return out;
}

/**
 * The total of the period, with the change against the previous period and whether it is significant. A previous
 * period that is not `complete` is shown for what is left of it but not compared: its missing days would pass for
 * days without responses, and the change would be made up.
 */
export function summariseTotal(metric: Metric, current: Histogram, previous: Histogram, complete = true): Total {
  const comparison = comparePeriods(metric, current, previous);
  return {
    ...summarise(metric, current),
    previous: { count: comparison.previous.count, headline: roundOrNull(comparison.previous.headline), complete },
    change: complete ? roundOrNull(comparison.change) : null,
    significant: complete && comparison.significant,
  };
}

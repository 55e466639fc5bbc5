/**
 * One row of the insights API: counts, buckets, the headline figure and its 95 % interval (DESIGN.md, "Insights API").
 *
 * Units, as in DESIGN.md: csat, emoji, thumbs and fcr in percent 0–100 (share of satisfied / positive / resolved);
 * nps −100…100; ces the mean on its 1–7 scale, with `easyPct` (percent 0–100 answering 5–7).
 *
 * Precision: every figure is returned at full double precision; round only when presenting (e.g. to one decimal).
 * Rounding here would make `change` and the significance tests disagree with the figures they compare.
 */
import { bucket, METRIC_SCALES, type Bucket, type Metric } from '../metrics.js';
import { entries, type BucketCounts, type Histogram } from './histogram.js';
import { meanInterval } from './mean-interval.js';
import { npsInterval, type NpsCounts } from './nps-interval.js';
import { wilsonInterval } from './wilson.js';

export interface HeadlineResult {
  /** Number of responses. */
  readonly count: number;
  /** The responses by value, keys in canonical form (`"9"`), ascending, zero counts dropped. */
  readonly histogram: Histogram;
  /** The responses by bucket; every bucket of the metric present, best first. */
  readonly buckets: BucketCounts;
  /** The headline figure in the metric's units; `undefined` when there are no responses. */
  readonly headline: number | undefined;
  /** 95 % confidence interval of `headline`, same units; absent when there is none (no responses; ces with n < 2). */
  readonly ci95?: [number, number];
  /** ces only: percent of responses in the `easy` bucket (5–7); absent when there are no responses. */
  readonly easyPct?: number;
}

/** The bucket whose share is the headline of a proportion metric. */
export const SUCCESS_BUCKET: Readonly<Partial<Record<Metric, Bucket>>> = {
  csat: 'satisfied',
  emoji: 'satisfied',
  thumbs: 'positive',
  fcr: 'resolved',
};

/** How a metric's headline is computed, and so which interval and which test apply to it. */
export function headlineKind(metric: Metric): 'proportion' | 'nps' | 'mean' {
  if (metric === 'nps') return 'nps';
  if (metric === 'ces') return 'mean';
  return 'proportion';
}

/** Promoters, passives and detractors from NPS bucket counts. */
export function npsCounts(buckets: BucketCounts): NpsCounts {
  return { promoters: buckets.promoter ?? 0, passives: buckets.passive ?? 0, detractors: buckets.detractor ?? 0 };
}

/**
 * Count, histogram, buckets, headline and 95 % interval of a metric's responses.
 * Throws a RangeError for a histogram value off the metric's scale or a count that is not a non-negative integer.
 */
export function headline(metric: Metric, histogram: Histogram): HeadlineResult {
  const rows = entries(metric, histogram).sort((a, b) => a.value - b.value);
  const canonical: Histogram = {};
  const buckets: BucketCounts = {};
  for (const b of METRIC_SCALES[metric].buckets) buckets[b.bucket] = 0;
  let n = 0;
  for (const r of rows) {
    canonical[String(r.value)] = (canonical[String(r.value)] ?? 0) + r.n;
    buckets[r.bucket] = (buckets[r.bucket] ?? 0) + r.n;
    n += r.n;
  }
  const base = { count: n, histogram: canonical, buckets };
  if (n === 0) return { ...base, headline: undefined };

  switch (headlineKind(metric)) {
    case 'proportion': {
      const k = buckets[SUCCESS_BUCKET[metric]!] ?? 0;
      const [lo, hi] = wilsonInterval(k, n)!;
      return { ...base, headline: (100 * k) / n, ci95: [100 * lo, 100 * hi] };
    }
    case 'nps': {
      const counts = npsCounts(buckets);
      return { ...base, headline: (100 * (counts.promoters - counts.detractors)) / n, ci95: npsInterval(counts)! };
    }
    case 'mean': {
      const m = meanInterval(rows, METRIC_SCALES[metric]);
      const easyPct = (100 * (buckets.easy ?? 0)) / n;
      return m.ci95
        ? { ...base, headline: m.mean, ci95: m.ci95, easyPct }
        : { ...base, headline: m.mean, easyPct };
    }
  }
}

/**
 * Every headline is a weighted mean of the responses: Σ weight(value) · n(value) / Σ n(value). Proportions weigh
 * 100 for the success bucket and 0 otherwise; NPS +100 for a promoter, −100 for a detractor, 0 for a passive; CES
 * the value itself. This lets a script that only sums (the worker's target check, in Redis) judge a headline.
 */
export function headlineWeight(metric: Metric, value: number): number {
  const valueBucket = bucket(metric, value);
  switch (headlineKind(metric)) {
    case 'proportion':
      return valueBucket === SUCCESS_BUCKET[metric] ? 100 : 0;
    case 'nps':
      return valueBucket === 'promoter' ? 100 : valueBucket === 'detractor' ? -100 : 0;
    case 'mean':
      return value;
  }
}

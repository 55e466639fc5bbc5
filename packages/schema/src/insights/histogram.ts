/**
 * Histograms of rating values: value (as a string key, e.g. `"9"`) → number of responses.
 * Pure and zod-free, like the rest of `@feedloop/schema/insights`: the dashboard may import it in the browser.
 */
import { bucket, bucketsOf, type Bucket, type Metric } from '../metrics.js';

/** Value → count, e.g. `{ "9": 50, "7": 30, "3": 20 }`. Missing values count 0. */
export type Histogram = Record<string, number>;

/** Bucket → count; every bucket of the metric is present (0 when empty), best first. */
export type BucketCounts = Partial<Record<Bucket, number>>;

function assertCount(key: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`histogram counts are non-negative integers, got ${String(n)} for "${key}"`);
  }
}

/** The number of responses in a histogram. Throws a RangeError on a count that is not a non-negative integer. */
export function count(h: Histogram): number {
  let total = 0;
  for (const [key, n] of Object.entries(h)) {
    assertCount(key, n);
    total += n;
  }
  return total;
}

/** The histogram of a list of values (a convenience for tests and small callers). */
export function histogramOf(values: Iterable<number>): Histogram {
  const h: Histogram = {};
  for (const v of values) h[String(v)] = (h[String(v)] ?? 0) + 1;
  return h;
}

/**
 * The histogram's values as numbers with their counts, zero counts dropped, each value checked against the
 * metric's scale (a RangeError, from `bucket()`, for a value off the scale or not an integer).
 */
export function entries(metric: Metric, h: Histogram): { value: number; n: number; bucket: Bucket }[] {
  const out: { value: number; n: number; bucket: Bucket }[] = [];
  for (const [key, n] of Object.entries(h)) {
    assertCount(key, n);
    if (n === 0) continue;
    const value = key.trim() === '' ? Number.NaN : Number(key);
    out.push({ value, n, bucket: bucket(metric, value) });
  }
  return out;
}

/** Responses per bucket, e.g. `bucketCounts('nps', { "9": 2, "6": 1 })` → `{ promoter: 2, passive: 0, detractor: 1 }`. */
export function bucketCounts(metric: Metric, h: Histogram): BucketCounts {
  const out: BucketCounts = {};
  for (const b of bucketsOf(metric)) out[b] = 0;
  for (const e of entries(metric, h)) out[e.bucket] = (out[e.bucket] ?? 0) + e.n;
  return out;
}

/** The sum of histograms, key by key (e.g. days into a month). Inputs are not modified. */
export function mergeHistograms(...histograms: Histogram[]): Histogram {
  const out: Histogram = {};
  for (const h of histograms) {
    for (const [key, n] of Object.entries(h)) {
      assertCount(key, n);
      out[key] = (out[key] ?? 0) + n;
    }
  }
  return out;
}

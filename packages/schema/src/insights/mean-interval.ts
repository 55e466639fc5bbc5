/**
 * The mean of a rating histogram and its 95 % confidence interval (used for CES).
 *
 *   mean = Σ v·n_v / n
 *   s²   = Σ n_v·(v − mean)² / (n − 1)            (sample variance)
 *   mean ± t_{0.975, n−1} · s / √n                 (Student's t interval)
 *
 * The t quantile is exact (student-t.ts), so the interval is the textbook one for every n ≥ 2; for n = 1 there is
 * no variance estimate and no interval. With a `[min, max]` scale the interval is clamped to it: at small n the
 * t interval can run past the ends of a bounded rating scale, which no mean can.
 */
import { studentTCritical } from './student-t.js';

export interface MeanSummary {
  /** Number of responses. */
  readonly n: number;
  /** `undefined` when n = 0. */
  readonly mean: number | undefined;
  /** Sample variance (n − 1 denominator); `undefined` when n < 2. */
  readonly variance: number | undefined;
  /** 95 % interval of the mean; `undefined` when n < 2. */
  readonly ci95: [number, number] | undefined;
}

/** Mean, sample variance and t interval from (value, count) pairs. */
export function meanInterval(
  values: readonly { readonly value: number; readonly n: number }[],
  scale?: { readonly min: number; readonly max: number },
): MeanSummary {
  let n = 0;
  let sum = 0;
  for (const v of values) {
    n += v.n;
    sum += v.value * v.n;
  }
  if (n === 0) return { n, mean: undefined, variance: undefined, ci95: undefined };
  const mean = sum / n;
  if (n < 2) return { n, mean, variance: undefined, ci95: undefined };
  let ss = 0;
  for (const v of values) ss += v.n * (v.value - mean) ** 2;
  const variance = ss / (n - 1);
  const half = studentTCritical(0.05, n - 1) * Math.sqrt(variance / n);
  const lo = mean - half;
  const hi = mean + half;
  const ci95: [number, number] = scale ? [Math.max(scale.min, lo), Math.min(scale.max, hi)] : [lo, hi];
  return { n, mean, variance, ci95 };
}

/**
 * The change of a metric's headline against the previous period of the same length, and whether it is
 * statistically significant at α = 0.05 (two-sided).
 *
 * - csat, emoji, thumbs, fcr: two-proportion z-test with the pooled proportion p̄ = (k₁ + k₂)/(n₁ + n₂):
 *     z = (p₁ − p₂) / √( p̄(1 − p̄)(1/n₁ + 1/n₂) ),  significant when |z| > 1.959964.
 *   Only run when the expected counts under p̄ are all at least 5 (n·p̄ ≥ 5 and n·(1 − p̄) ≥ 5 for both periods),
 *   the textbook condition for the normal approximation.
 * - nps: z-test on the difference of two independent adjusted-Wald NPS estimates (see nps-interval.ts):
 *     z = (NPS'₁ − NPS'₂) / √( Var'₁/n'₁ + Var'₂/n'₂ ),  significant when |z| > 1.959964
 *   (J. R. Lewis & J. Sauro, "How to Statistically Compare Two Net Promoter Scores",
 *   https://measuringu.com/nps-significance-test/).
 * - ces: Welch's unequal-variances t-test on the means:
 *     t = (m₁ − m₂) / √( s₁²/n₁ + s₂²/n₂ ),
 *     df = (s₁²/n₁ + s₂²/n₂)² / ( (s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1) )   (Welch–Satterthwaite),
 *   significant when the exact two-sided Student-t p-value at that (fractional) df is below 0.05. When both
 *   periods have zero variance (everyone gave the same answer in each), a difference of means is significant.
 *
 * Every test also needs at least MIN_RESPONSES_FOR_TEST responses in each period; below that `significant` is
 * false. `change` is the current headline minus the previous one (percentage points, NPS points, or CES points)
 * whenever both exist, and `undefined` when either period is empty.
 */
import type { Metric } from '../metrics.js';
import { studentTTwoSidedP } from './student-t.js';
import { entries, type Histogram } from './histogram.js';
import { headline, headlineKind, npsCounts, SUCCESS_BUCKET, type HeadlineResult } from './headline.js';
import { meanInterval } from './mean-interval.js';
import { adjustedNps } from './nps-interval.js';
import { Z95 } from './wilson.js';

/** Fewer responses than this in either period: no significance flag. */
export const MIN_RESPONSES_FOR_TEST = 10;

export interface PeriodComparison {
  readonly previous: { readonly count: number; readonly headline: number | undefined };
  /** Current headline − previous headline, in the headline's units; `undefined` when either is. */
  readonly change: number | undefined;
  /** The change is statistically significant at α = 0.05 (two-sided); false when it cannot be tested. */
  readonly significant: boolean;
}

function proportionSignificant(k1: number, n1: number, k2: number, n2: number): boolean {
  const pooled = (k1 + k2) / (n1 + n2);
  if (Math.min(n1, n2) * Math.min(pooled, 1 - pooled) < 5) return false;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return Math.abs(k1 / n1 - k2 / n2) / se > Z95;
}

function npsSignificant(current: HeadlineResult, previous: HeadlineResult): boolean {
  const a = adjustedNps(npsCounts(current.buckets))!;
  const b = adjustedNps(npsCounts(previous.buckets))!;
  return Math.abs(a.estimate - b.estimate) / Math.sqrt(a.variance + b.variance) > Z95;
}

function meanSignificant(metric: Metric, current: Histogram, previous: Histogram): boolean {
  const a = meanInterval(entries(metric, current));
  const b = meanInterval(entries(metric, previous));
  if (a.mean === undefined || b.mean === undefined || a.variance === undefined || b.variance === undefined) {
    return false;
  }
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const diff = a.mean - b.mean;
  if (va + vb === 0) return diff !== 0;
  const t = diff / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return studentTTwoSidedP(t, df) < 0.05;
}

/** Compare a metric's current period with the previous one (both as histograms). */
export function comparePeriods(metric: Metric, current: Histogram, previous: Histogram): PeriodComparison {
  const cur = headline(metric, current);
  const prev = headline(metric, previous);
  const previousSummary = { count: prev.count, headline: prev.headline };
  if (cur.headline === undefined || prev.headline === undefined) {
    return { previous: previousSummary, change: undefined, significant: false };
  }
  const change = cur.headline - prev.headline;
  if (cur.count < MIN_RESPONSES_FOR_TEST || prev.count < MIN_RESPONSES_FOR_TEST) {
    return { previous: previousSummary, change, significant: false };
  }
  let significant: boolean;
  switch (headlineKind(metric)) {
    case 'proportion': {
      const success = SUCCESS_BUCKET[metric]!;
      significant = proportionSignificant(cur.buckets[success] ?? 0, cur.count, prev.buckets[success] ?? 0, prev.count);
      break;
    }
    case 'nps':
      significant = npsSignificant(cur, prev);
      break;
    case 'mean':
      significant = meanSignificant(metric, current, previous);
      break;
  }
  return { previous: previousSummary, change, significant };
}

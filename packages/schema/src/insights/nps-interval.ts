/**
 * The Net Promoter Score and its 95 % confidence interval.
 *
 * NPS = p_promoters − p_detractors, estimated from one multinomial (trinomial) sample, so the two proportions are
 * negatively correlated and the variance of the estimate is
 *
 *   Var(NPS) = (pP + pD − (pP − pD)²) / n
 *
 * The plain Wald interval NPS ± z·√Var collapses to a point when everyone is a promoter (pP = 1, pD = 0 → Var = 0),
 * and undercovers for small n. We use the adjusted-Wald interval instead: add 3 pseudo-responses, ¾ of a promoter,
 * ¾ of a detractor (and so 1½ passives), and compute the Wald interval from the adjusted proportions:
 *
 *   n' = n + 3,  pP' = (P + ¾) / n',  pD' = (D + ¾) / n',  NPS' = pP' − pD'
 *   NPS' ± z · √( (pP' + pD' − NPS'²) / n' ),  clamped to [−1, 1]
 *
 * Source: J. R. Lewis & J. Sauro, "Confidence Intervals for Net Promoter Scores"
 * (https://measuringu.com/nps-confidence-intervals/) and "Evaluating NPS Confidence Intervals with Real-World Data"
 * (https://measuringu.com/nps-three-confidence-intervals/, 2021), which found it the best of the methods they
 * evaluated, consistent with B. Rocks (2016), "Interval Estimation for the 'Net Promoter Score'", The American
 * Statistician 70(4):365–372. The same adjusted estimates give the two-period test in compare-periods.ts (Lewis &
 * Sauro, "How to Statistically Compare Two Net Promoter Scores", https://measuringu.com/nps-significance-test/).
 */
import { Z95 } from './wilson.js';

/** Adjusted-Wald pseudo-counts: ¾ promoter + ¾ detractor + 1½ passive = 3 responses. */
export const NPS_ADJUSTMENT = { promoters: 0.75, detractors: 0.75, total: 3 } as const;

export interface NpsCounts {
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

function total(c: NpsCounts): number {
  return c.promoters + c.passives + c.detractors;
}

/** The NPS on its −100…100 scale; `undefined` for no responses. */
export function nps(c: NpsCounts): number | undefined {
  const n = total(c);
  return n > 0 ? (100 * (c.promoters - c.detractors)) / n : undefined;
}

/**
 * The adjusted-Wald estimate on the −1…1 scale and its variance (already divided by n'), used for both the
 * interval and the two-period test. `undefined` for no responses.
 */
export function adjustedNps(c: NpsCounts): { estimate: number; variance: number } | undefined {
  const n = total(c);
  if (!(n > 0)) return undefined;
  const nAdj = n + NPS_ADJUSTMENT.total;
  const pP = (c.promoters + NPS_ADJUSTMENT.promoters) / nAdj;
  const pD = (c.detractors + NPS_ADJUSTMENT.detractors) / nAdj;
  const estimate = pP - pD;
  return { estimate, variance: (pP + pD - estimate * estimate) / nAdj };
}

/**
 * The adjusted-Wald confidence interval of the NPS, on the −100…100 scale; `undefined` for no responses.
 * The interval is centred on the adjusted estimate NPS', not on the raw NPS (the two differ by at most a few
 * points, and only for small n).
 */
export function npsInterval(c: NpsCounts, z: number = Z95): [number, number] | undefined {
  const adj = adjustedNps(c);
  if (adj === undefined) return undefined;
  const half = z * Math.sqrt(adj.variance);
  return [100 * Math.max(-1, adj.estimate - half), 100 * Math.min(1, adj.estimate + half)];
}

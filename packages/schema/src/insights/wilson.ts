/**
 * The Wilson score interval for a binomial proportion (Wilson, E. B. 1927, "Probable inference, the law of
 * succession, and statistical inference", JASA 22:209–212). Unlike the Wald interval p ± z·√(p(1−p)/n) it never
 * collapses to a point at 0 % or 100 %, never leaves [0, 1], and keeps close to nominal coverage for small n
 * (Brown, Cai & DasGupta 2001, "Interval estimation for a binomial proportion", Statistical Science 16:101–133).
 */

/** The two-sided 95 % normal quantile, Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

/**
 * The Wilson interval [lo, hi] for `successes` out of `n`, as proportions 0…1; `undefined` when n = 0.
 *
 *   centre = (p + z²/2n) / (1 + z²/n)
 *   half   = z / (1 + z²/n) · √( p(1−p)/n + z²/4n² )
 */
export function wilsonInterval(successes: number, n: number, z: number = Z95): [number, number] | undefined {
  if (!(n > 0)) return undefined;
  if (!(successes >= 0 && successes <= n)) {
    throw new RangeError(`successes must be between 0 and n (${String(n)}), got ${String(successes)}`);
  }
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // In exact arithmetic the lower bound is 0 at p = 0 and the upper bound 1 at p = 1; say so rather than keep
  // the rounding noise (0.9999999999999999), and clamp in case of noise the other way.
  const lo = successes === 0 ? 0 : Math.max(0, centre - half);
  const hi = successes === n ? 1 : Math.min(1, centre + half);
  return [lo, hi];
}

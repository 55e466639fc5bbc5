/**
 * Exponential backoff with jitter: attempt n waits between half and all of `baseMs · 2^(n−1)`,
 * so a crowd of retries after an outage spreads out instead of arriving together.
 */
export function jitteredBackoff(attemptsMade: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** No single wait is longer than this, however many attempts a destination allows. */
export const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of `baseMs · 2^(n−1)` (at most
 * six hours), so a crowd of retries after an outage spreads out instead of arriving together.
 */
export function jitteredBackoff(attemptsMade: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), MAX_BACKOFF_MS);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** BullMQ's hook for the custom `jitter` backoff type that delivery and event jobs use. */
export function backoffStrategy(attemptsMade: number, _type?: string, _error?: Error, job?: { opts: { backoff?: unknown } }): number {
  const backoff = job?.opts.backoff as { delay?: number } | undefined;
  return jitteredBackoff(attemptsMade, backoff?.delay ?? 1_000);
}

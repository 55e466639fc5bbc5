/** No single wait is longer than this, however many attempts a destination allows. */
export const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

/**
 * Each wait is four times the one before: with the defaults (10 attempts, 15 s) the first retries come within
 * seconds, for a blip, and the last ones about a day after the first try (12 to 24 hours, with the jitter), for an outage.
 */
export const BACKOFF_FACTOR = 4;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of `baseMs · 4^(n−1)` (at most
 * six hours), so a crowd of retries after an outage spreads out instead of arriving together.
 */
export function jitteredBackoff(attemptsMade: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * BACKOFF_FACTOR ** Math.max(0, attemptsMade - 1), MAX_BACKOFF_MS);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** BullMQ's hook for the custom `jitter` backoff type that delivery and event jobs use. */
export function backoffStrategy(attemptsMade: number, _type?: string, _error?: Error, job?: { opts: { backoff?: unknown } }): number {
  const backoff = job?.opts.backoff as { delay?: number } | undefined;
  return jitteredBackoff(attemptsMade, backoff?.delay ?? 1_000);
}

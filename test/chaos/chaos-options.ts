/** How hard and how long a chaos run pushes; `npm run chaos` takes the defaults, `npm test` the short run. */
export interface ChaosOptions {
  /** How long ratings are sent and faults are struck; the drain comes after. */
  durationMs: number;
  /** Headless Chromium pages rating through the widget, one browser context (one outbox) each. */
  pages: number;
  /** Each page submits a rating this often. */
  pageEveryMs: number;
  /** The load generator's rate, in batches of `batchSize` posted on a clock whatever became of the earlier ones. */
  ratingsPerSecond: number;
  batchSize: number;
  /** How long an outage (a destination cut off, a 429 window) lasts; `fitted` keeps it within half a fault's slot. */
  outageMs: number;
  /** How long a killed process stays down before its supervisor starts it again. */
  downMs: number;
  /** Delivery retry backoff of every destination; undefined keeps the product's default (15 s, doubling). */
  backoffMs?: number;
  /** After the load stops: how long every accepted rating has to reach every destination before it counts as lost. */
  drainMs: number;
  /** Progress lines; the run's own clock in seconds comes first. */
  log: (line: string) => void;
}

/** Five minutes of load, a fault every 33 s, with the product's own retry backoff (15 s, then ×4). */
export const FULL_RUN: Omit<ChaosOptions, 'log'> = {
  durationMs: 300_000,
  pages: 3,
  pageEveryMs: 1_000,
  ratingsPerSecond: 20,
  batchSize: 10,
  outageMs: 10_000,
  downMs: 2_000,
  drainMs: 300_000,
};

/** The same faults in the same order, compressed, with retries that back off in hundreds of ms. */
export const SHORT_RUN: Omit<ChaosOptions, 'log'> = {
  durationMs: 40_000,
  pages: 2,
  pageEveryMs: 1_500,
  ratingsPerSecond: 10,
  batchSize: 10,
  outageMs: 2_500,
  downMs: 1_000,
  backoffMs: 300,
  drainMs: 90_000,
};

/** The faults share the run's duration, with a slot to spare (see strikeFaults); an outage must fit in its slot. */
export function fitted(options: ChaosOptions, faults: number): ChaosOptions {
  const slot = options.durationMs / (faults + 1);
  return { ...options, outageMs: Math.min(options.outageMs, Math.floor(slot / 200) * 100) };
}

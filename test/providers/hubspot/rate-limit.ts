const WINDOW_MS = 10_000;

/** HubSpot's rolling 10-second window and daily count, as the `X-HubSpot-RateLimit-*` headers report them. */
export class RateLimit {
  private readonly hits: number[] = [];
  private total = 0;
  /** Remaining counts set by the test instead of computed (undefined: computed). */
  override: { window?: number; daily?: number } = {};

  constructor(
    readonly max: number,
    readonly daily: number,
  ) {}

  /** Counts one request. */
  hit(): void {
    this.total += 1;
    this.hits.push(Date.now());
  }

  headers(): Record<string, string> {
    const now = Date.now();
    while (this.hits.length && this.hits[0]! <= now - WINDOW_MS) this.hits.shift();
    return {
      'x-hubspot-ratelimit-daily': String(this.daily),
      'x-hubspot-ratelimit-daily-remaining': String(this.override.daily ?? Math.max(0, this.daily - this.total)),
      'x-hubspot-ratelimit-interval-milliseconds': String(WINDOW_MS),
      'x-hubspot-ratelimit-max': String(this.max),
      'x-hubspot-ratelimit-remaining': String(this.override.window ?? Math.max(0, this.max - this.hits.length)),
    };
  }
}

/**
 * Zendesk's per-minute rate limit: the requests counted in the current window, and the headers every answer
 * carries (`X-Rate-Limit`, `X-Rate-Limit-Remaining`, `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset`).
 */
export class RateWindow {
  private start: number;
  private used = 0;

  constructor(
    readonly limitPerMinute: number,
    private readonly now: () => number,
  ) {
    this.start = now();
  }

  /** Counts one request, in a new window once the minute is over. */
  count(): void {
    if (this.now() - this.start >= 60_000) {
      this.start = this.now();
      this.used = 0;
    }
    this.used += 1;
  }

  get exceeded(): boolean {
    return this.used > this.limitPerMinute;
  }

  /** Whole seconds until the window ends, at least 1 (`ratelimit-reset`, `Retry-After`). */
  secondsLeft(): string {
    return String(Math.max(1, Math.ceil((this.start + 60_000 - this.now()) / 1000)));
  }

  headers(): Record<string, string> {
    const remaining = Math.max(0, this.limitPerMinute - this.used);
    return {
      'x-rate-limit': String(this.limitPerMinute),
      'x-rate-limit-remaining': String(remaining),
      'ratelimit-limit': String(this.limitPerMinute),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': this.secondsLeft(),
    };
  }
}

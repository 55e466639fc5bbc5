/**
 * The jobs this process is running. Shutdown waits on it instead of on BullMQ's `pause()`, which also waits for a
 * worker's loop asleep on a rate limit (up to 30 s) and reconnects afterwards.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Wraps a processor so each run is counted until it settles. */
  track<A extends unknown[], R>(processor: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return (...args) => {
      const run = processor(...args);
      this.running.add(run);
      const forget = () => void this.running.delete(run);
      run.then(forget, forget);
      return run;
    };
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves once nothing is running, including what started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

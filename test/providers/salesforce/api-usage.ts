/** The org's daily API allocation, counted per answered API request and reported in `Sforce-Limit-Info`. */
export class ApiUsage {
  constructor(
    public used: number,
    public limit: number,
  ) {}

  /** Counts one request; the header to answer it with. */
  count(): Record<string, string> {
    this.used += 1;
    return { 'sforce-limit-info': `api-usage=${this.used}/${this.limit}` };
  }
}

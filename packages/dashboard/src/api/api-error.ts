/** A refused or failed API call: the HTTP status (0 when the server could not be reached) and the registry code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds the server asked to wait (Retry-After of a 429 or 503). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The key is wrong, or the site unknown: the session is over. */
  get unauthorized(): boolean {
    return this.status === 401;
  }

  /** Worth asking again after `retryAfter` seconds: rate-limited, or Redis briefly away. */
  get retryable(): boolean {
    return (this.status === 429 || this.status === 503) && this.retryAfter !== undefined;
  }
}

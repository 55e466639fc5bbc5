import type { ApiError } from '../api/api-error.js';

/** What went wrong, and when it will be tried again if it will be. */
export function describeError(error: ApiError): string {
  return error.retryable ? `${error.message} Trying again in ${Math.max(1, error.retryAfter!)} s.` : error.message;
}

import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.js';

export interface Loaded<T> {
  loading: boolean;
  data?: T;
  error?: ApiError;
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'UNEXPECTED', (error as Error)?.message ?? String(error));
}

/**
 * Runs `load` whenever `deps` change, cancelling the call still in flight; keeps the data shown until the new answer
 * is in. A 429 or 503 is tried again after the server's Retry-After; a 401 calls `onUnauthorized`.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], onUnauthorized: () => void): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    setState((previous) => ({ ...previous, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ loading: false, data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const failure = asApiError(error);
        if (failure.unauthorized) onUnauthorized();
        if (failure.retryable) retry = setTimeout(() => setAttempt((n) => n + 1), Math.max(1, failure.retryAfter!) * 1000);
        setState((previous) => ({ loading: failure.retryable, error: failure, ...(failure.retryable && previous.data !== undefined ? { data: previous.data } : {}) }));
      },
    );
    return () => {
      controller.abort();
      clearTimeout(retry);
    };
    // The caller names what the load depends on, as with useEffect.
  }, [...deps, attempt]);
  return state;
}

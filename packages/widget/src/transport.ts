import type { WireEvent } from '@feedloop/schema';

export interface Rejection {
  id: string;
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

/** What the server said about a batch; `status` 0 is a network failure. */
export interface Answer {
  status: number;
  retryAfter?: number;
  code?: string;
  message?: string;
  rejected?: Rejection[];
}

export type Transport = (url: string, events: WireEvent[]) => Promise<Answer>;

export const body = (events: WireEvent[]) => JSON.stringify({ batch: events, sentAt: new Date().toISOString() });

/**
 * `text/plain` with the key in the query is a CORS simple request: no preflight. No cookies are sent.
 */
export const postEvents: Transport = async (url, events) => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      body: body(events),
      headers: { 'content-type': 'text/plain' },
      keepalive: true,
      credentials: 'omit',
      // A server that never answers must not hold the outbox (and its cross-tab lock) for ever.
      signal: AbortSignal.timeout?.(15e3),
    });
    const json = await response.json().catch(() => ({}));
    const seconds = Number(response.headers.get('retry-after'));
    return { status: response.status, retryAfter: seconds > 0 ? seconds : undefined, ...json.error, rejected: json.rejected };
  } catch {
    return { status: 0 };
  }
};

/** Network errors, timeouts, 429 and 5xx are worth another try; any other answer is final. */
export const isRetryable = (status: number) => !status || status === 408 || status === 429 || status > 499;

import type { ResponseHeaders } from '../send-request.js';
import { msUntilMidnight } from './ms-until-midnight.js';

/** HubSpot's burst window when `X-HubSpot-RateLimit-Interval-Milliseconds` does not say (ten seconds). */
export const DEFAULT_INTERVAL_MS = 10_000;

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A header as a non-negative integer, or undefined when absent or not a number. */
export function numericHeader(headers: ResponseHeaders, name: string): number | undefined {
  const text = header(headers, name)?.trim();
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The rolling window HubSpot counts requests in. */
export function intervalMs(headers: ResponseHeaders): number {
  const interval = numericHeader(headers, 'x-hubspot-ratelimit-interval-milliseconds');
  return interval && interval > 0 ? interval : DEFAULT_INTERVAL_MS;
}

export interface RateLimitWait {
  waitMs: number;
  reason: string;
}

/**
 * What HubSpot's rate-limit headers on an answer say about the *next* request: nothing left today
 * (`X-HubSpot-RateLimit-Daily-Remaining: 0`, absent for OAuth apps) → wait for the daily reset; nothing left in
 * the rolling window (`X-HubSpot-RateLimit-Remaining: 0`) → wait one window; nothing left this second
 * (`X-HubSpot-RateLimit-Secondly-Remaining: 0`, older answers) → wait a second. Undefined when there is room.
 */
export function rateLimitWait(headers: ResponseHeaders, now: number, dailyResetTimeZone: string): RateLimitWait | undefined {
  if (numericHeader(headers, 'x-hubspot-ratelimit-daily-remaining') === 0) {
    return { waitMs: msUntilMidnight(now, dailyResetTimeZone), reason: `HubSpot's daily API allowance is used up (X-HubSpot-RateLimit-Daily-Remaining: 0); it resets at midnight ${dailyResetTimeZone}` };
  }
  if (numericHeader(headers, 'x-hubspot-ratelimit-remaining') === 0) {
    const waitMs = intervalMs(headers);
    return { waitMs, reason: `HubSpot's rolling ${waitMs / 1000} s allowance is used up (X-HubSpot-RateLimit-Remaining: 0)` };
  }
  if (numericHeader(headers, 'x-hubspot-ratelimit-secondly-remaining') === 0) {
    return { waitMs: 1_000, reason: `HubSpot's per-second allowance is used up (X-HubSpot-RateLimit-Secondly-Remaining: 0)` };
  }
  return undefined;
}

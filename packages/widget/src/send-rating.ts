import { widgetError } from './widget-error.js';
import type { WireEvent } from '@feedloop/schema';
import type { ResolvedOptions } from './options.js';
import { uuidv7 } from './uuidv7.js';
import { VERSION } from './version.js';

export interface Rating {
  value: number;
  comment?: string;
}

/** The wire event for a rating; its id is made once so that a resend is recognised as the same rating. */
export function buildEvent(options: ResolvedOptions, rating: Rating, now = new Date()): WireEvent {
  const comment = rating.comment?.trim();
  return {
    id: uuidv7(now.getTime()),
    touchpoint: options.touchpoint,
    metric: options.metric,
    value: rating.value,
    ...(comment ? { comment } : {}),
    context: {
      // Query strings and fragments can carry tokens and personal data: they stay on the page.
      url: (location.origin + location.pathname).slice(0, 2048),
      title: document.title.slice(0, 500),
      locale: navigator.language,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      screen: { width: screen.width, height: screen.height },
      sdk: { name: '@feedloop/widget', version: VERSION },
    },
    createdAt: now.toISOString(),
  };
}

/**
 * Posts as `text/plain` with the key in the query: a CORS "simple request", so no preflight round trip.
 * `keepalive` lets the request finish when the customer navigates away right after rating.
 */
export async function sendEvents(options: ResolvedOptions, events: WireEvent[]): Promise<void> {
  const url = `${options.endpoint.replace(/\/+$/, '')}/v1/events?key=${encodeURIComponent(options.siteKey)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ batch: events, sentAt: new Date().toISOString() }),
      headers: { 'content-type': 'text/plain' },
      keepalive: true,
      credentials: 'omit',
    });
  } catch (cause) {
    throw widgetError('WIDGET_SEND_FAILED', `Feedloop: the rating could not reach ${options.endpoint}`, cause);
  }
  if (response.status !== 202) {
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    throw widgetError('WIDGET_SEND_FAILED', `Feedloop: ${response.status} ${body?.error?.code ?? ''} ${body?.error?.message ?? ''}`.trim(), body);
  }
}

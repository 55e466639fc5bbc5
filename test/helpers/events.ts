import { randomUUID } from 'node:crypto';
import type { WireEvent } from '@feedloop/schema';
import { ORIGIN, PUBLIC_KEY } from './config.js';

export function wireEvent(overrides: Partial<WireEvent> & Record<string, unknown> = {}): WireEvent {
  return {
    id: randomUUID(),
    touchpoint: 'checkout',
    metric: 'csat',
    value: 4,
    createdAt: new Date().toISOString(),
    ...overrides,
  } as WireEvent;
}

interface Injectable {
  inject(options: { method: 'POST'; url: string; headers: Record<string, string>; payload: string }): Promise<import('fastify').LightMyRequestResponse>;
}

/** POSTs `body` as a browser on the test site's origin would, with its public key. */
export function postAsBrowser(app: Injectable, body: unknown, url = '/v1/events') {
  return app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain', 'x-feedloop-key': PUBLIC_KEY, origin: ORIGIN }, payload: JSON.stringify(body) });
}

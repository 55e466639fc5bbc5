import { randomUUID } from 'node:crypto';
import type { WireEvent } from '@feedloop/schema';

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

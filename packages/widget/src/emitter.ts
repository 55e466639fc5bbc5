import type { WireEvent } from '@feedloop/schema';
import type { Metric } from '@feedloop/schema/metrics';
import type { WidgetError } from './widget-error.js';

export interface WidgetEvents {
  /** A question is on screen. */
  shown: { touchpoint: string; metric: Metric; popover: boolean };
  /** A rating went into the outbox, final: comment and reasons included. */
  submitted: { event: WireEvent };
  /** A popover was closed without a rating. */
  dismissed: { touchpoint: string; metric: Metric };
  error: WidgetError;
}
export type EventName = keyof WidgetEvents;

const listeners: { [K in EventName]?: Set<(payload: WidgetEvents[K]) => void> } = {};

export function on<K extends EventName>(name: K, listener: (payload: WidgetEvents[K]) => void): () => void {
  const set = (listeners[name] ??= new Set() as never) as Set<typeof listener>;
  set.add(listener);
  return () => void set.delete(listener);
}

export function emit<K extends EventName>(name: K, payload: WidgetEvents[K]): void {
  listeners[name]?.forEach((listener) => {
    // A host's listener that throws must not break the widget.
    try {
      listener(payload);
    } catch (error) {
      console.error(error);
    }
  });
}

export function clearListeners(): void {
  for (const name in listeners) delete listeners[name as EventName];
}

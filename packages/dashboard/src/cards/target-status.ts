import type { Metric } from '@feedloop/schema/metrics';
import type { Target } from '../api/api-types.js';

export type TargetState = 'met' | 'missed' | 'pending';

/**
 * The target that applies to a metric under a touchpoint filter: one set for exactly that filter, else the one for
 * every touchpoint (`*`).
 */
export function targetFor(targets: readonly Target[] | undefined, metric: Metric, touchpoint: string): Target | undefined {
  const mine = targets?.filter((t) => t.metric === metric) ?? [];
  return mine.find((t) => t.touchpoint === touchpoint) ?? mine.find((t) => t.touchpoint === '*');
}

/** Met or missed over the target's own window; pending while the window has fewer responses than it needs. */
export function targetState(target: Target): TargetState {
  if (target.met !== undefined) return target.met === null ? 'pending' : target.met ? 'met' : 'missed';
  const { count, headline } = target.window;
  if (headline == null || count < target.minResponses) return 'pending';
  return headline >= target.min ? 'met' : 'missed';
}

import { read, write } from './storage.js';

export type CooldownReason = 'answered' | 'dismissed';
interface Cooldown {
  until: number;
  why: CooldownReason;
}

/** Remembers, for every tab of the site, not to ask about `touchpoint` again for `days`. */
export function startCooldown(touchpoint: string, why: CooldownReason, days: number): void {
  const until = Date.now() + days * 864e5;
  const current = read<Cooldown>(`c:${touchpoint}`);
  if (days > 0 && !(current && current.until > until)) write(`c:${touchpoint}`, { until, why });
}

export function activeCooldown(touchpoint: string): CooldownReason | undefined {
  const cooldown = read<Cooldown>(`c:${touchpoint}`);
  return cooldown && cooldown.until > Date.now() ? cooldown.why : undefined;
}

// The benches' numeric settings from the environment: an integer of at least `min`, or the default; else the bench stops.
import { fail } from './fail.mjs';

export function intFromEnv(name, fallback, min = 1) {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min) fail(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/**
 * `support.*` matches `support.chat`; `*` alone matches every touchpoint. The same rule as a destination's
 * `when.touchpoints` (worker's matches-when.ts); a local copy, since ingest and worker never import each other.
 */
export function touchpointMatcher(glob: string): (touchpoint: string) => boolean {
  if (glob === '*') return () => true;
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  const re = new RegExp(`^${escaped}$`);
  return (touchpoint) => re.test(touchpoint);
}

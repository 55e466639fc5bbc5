/** A touchpoint glob: touchpoint characters and `*`, which matches any run of characters (dots too). */
export const TOUCHPOINT_GLOB = /^[a-z0-9_.*-]{1,64}$/;

/**
 * `support.*` matches `support.chat`; `*` alone matches every touchpoint. The one rule for every glob: a
 * destination's `when.touchpoints`, a target's `touchpoint`, the insights API's `?touchpoint=`. Matched without a
 * regular expression: a backtracking `.*a.*a.*a…` against a touchpoint the public chose could hold the process for
 * seconds.
 */
export function touchpointMatcher(glob: string): (touchpoint: string) => boolean {
  const pattern = glob.replace(/\*+/g, '*');
  if (pattern === '*') return () => true;
  return (touchpoint) => wildcardMatch(pattern, touchpoint);
}

/** Greedy wildcard match with one backtrack point: time linear in the text for each `*`, never exponential. */
function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p += 1;
      t += 1;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p;
      resume = t;
      p += 1;
    } else if (star >= 0) {
      p = star + 1;
      resume += 1;
      t = resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p += 1;
  return p === pattern.length;
}

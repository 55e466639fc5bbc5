/** The arithmetic of the time-series chart, kept apart from the drawing so it can be tested on its own. */

export interface Box {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Scale {
  (value: number): number;
}

/** Maps `[d0, d1]` onto `[r0, r1]` linearly; values outside the domain are clamped to it. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const span = d1 - d0 || 1;
  return (value) => {
    const t = Math.min(1, Math.max(0, (value - d0) / span));
    return round(r0 + t * (r1 - r0));
  };
}

/** The x of each of `n` points spread over `[x0, x1]`; a single point sits in the middle. */
export function spread(n: number, [x0, x1]: readonly [number, number]): number[] {
  if (n === 1) return [round((x0 + x1) / 2)];
  return Array.from({ length: n }, (_, i) => round(x0 + ((x1 - x0) * i) / (n - 1)));
}

const round = (x: number) => Math.round(x * 10) / 10;

export interface Point {
  x: number;
  y: number;
}

/** The runs of consecutive items that are not `null`: a line or band is broken where a day had no responses. */
export function runs<T>(items: readonly (T | null)[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    if (item === null) {
      if (current.length) out.push(current);
      current = [];
    } else current.push(item);
  }
  if (current.length) out.push(current);
  return out;
}

/** An SVG path through the points, one subpath per run; a run of one point is left to the dots. */
export function linePath(points: readonly (Point | null)[]): string {
  return runs(points)
    .filter((run) => run.length > 1)
    .map((run) => run.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(''))
    .join('');
}

export interface BandPoint {
  x: number;
  lo: number;
  hi: number;
}

/** A closed SVG path around the interval, one polygon per run: along the upper bounds, back along the lower. */
export function bandPath(points: readonly (BandPoint | null)[], halfWidth = 0): string {
  return runs(points)
    .map((run) => {
      // A lone point gets a narrow box so its interval still shows.
      const edge = run.length === 1 ? [{ ...run[0]!, x: run[0]!.x - halfWidth }, { ...run[0]!, x: run[0]!.x + halfWidth }] : run;
      const upper = edge.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.hi}`).join('');
      const lower = [...edge].reverse().map((p) => `L${p.x} ${p.lo}`).join('');
      return `${upper}${lower}Z`;
    })
    .join('');
}

/** At most `max` evenly spaced indexes of `n` labels, the first and the last always among them. */
export function labelIndexes(n: number, max: number): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => Math.round(i * step));
}

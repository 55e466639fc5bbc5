import { h } from 'preact';
import type { Metric } from '@feedloop/schema/metrics';
import type { Interval } from '../api/api-types.js';
import { METRIC_INFO } from '../format/metric-format.js';
import { linearScale } from '../chart/chart-geometry.js';

const WIDTH = 120;

/** A headline and its interval on the metric's scale, drawn small beside the figures it repeats (so hidden from screen readers). */
export function IntervalBar({ metric, headline, ci95 }: { metric: Metric; headline: number | null; ci95: Interval | null }) {
  const x = linearScale(METRIC_INFO[metric].domain, [4, WIDTH - 4]);
  return (
    <svg class="interval-bar" width={WIDTH} height={14} viewBox={`0 0 ${WIDTH} 14`} aria-hidden="true" focusable="false">
      <line class="track" x1={4} x2={WIDTH - 4} y1={7} y2={7} />
      {ci95 && <rect class="ci" x={x(ci95[0])} y={3} width={Math.max(1, x(ci95[1]) - x(ci95[0]))} height={8} rx={2} />}
      {headline != null && <circle class="value" cx={x(headline)} cy={7} r={3.5} />}
    </svg>
  );
}

import { h } from 'preact';
import type { Metric } from '@feedloop/schema/metrics';
import type { ChartGroupBy, InsightsRow, Target } from '../api/api-types.js';
import { formatDayKey } from '../format/dates.js';
import { formatCount, formatHeadline, formatInterval, formatPlain, formatTarget, METRIC_INFO } from '../format/metric-format.js';
import { useWidth } from './use-width.js';
import { bandPath, labelIndexes, linearScale, linePath, spread, type BandPoint, type Point } from './chart-geometry.js';

export interface TimeSeriesChartProps {
  id: string;
  metric: Metric;
  groupBy: ChartGroupBy;
  rows: readonly InsightsRow[];
  target?: Target | undefined;
}

const HEIGHT = 220;
const MARGIN = { top: 14, right: 20, bottom: 30, left: 46 };
/** Room each x-axis label needs. */
const LABEL_PX = 64;

/**
 * The headline per day or week as a line, its 95 % interval as a shaded band and the target as a dashed line, on the
 * metric's whole scale. Plain SVG: presentation attributes and classes only, nothing a strict CSP refuses.
 */
export function TimeSeriesChart({ id, metric, groupBy, rows, target }: TimeSeriesChartProps) {
  const { ref, width } = useWidth<SVGSVGElement>(560);
  const BOX = { width, height: HEIGHT, ...MARGIN };
  const PLOT_X: [number, number] = [BOX.left + 10, BOX.width - BOX.right - 10];
  const info = METRIC_INFO[metric];
  const y = linearScale(info.domain, [BOX.height - BOX.bottom, BOX.top]);
  const xs = spread(rows.length, PLOT_X);
  const points = rows.map((row, i): Point | null => (row.headline == null ? null : { x: xs[i]!, y: y(row.headline) }));
  const band = rows.map((row, i): BandPoint | null => (row.ci95 ? { x: xs[i]!, lo: y(row.ci95[0]), hi: y(row.ci95[1]) } : null));
  const answered = rows.filter((row) => row.headline != null);
  const last = answered.at(-1);
  const per = groupBy === 'day' ? 'day' : 'week';
  const description =
    `${info.label} per ${per}, ${answered.length} of ${rows.length} ${per}s with responses` +
    (last ? `; latest ${formatDayKey(last.key)}: ${formatHeadline(metric, last.headline)}` : '') +
    (target ? `; target ${formatTarget(metric, target.min)}` : '') +
    '. The shaded band is the 95% confidence interval.';
  const [y0, y1] = [BOX.height - BOX.bottom, BOX.top];

  return (
    <svg ref={ref} class="chart" width="100%" height={BOX.height} viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-metric={metric}>
      <title id={`${id}-title`}>{`${info.label} per ${per}`}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <g class="grid">
        {info.ticks.map((tick) => (
          <g key={tick}>
            <line x1={BOX.left} x2={BOX.width - BOX.right} y1={y(tick)} y2={y(tick)} />
            <text x={BOX.left - 8} y={y(tick)} dy="0.32em" text-anchor="end">
              {formatPlain(metric, tick)}
            </text>
          </g>
        ))}
      </g>
      <line class="axis" x1={BOX.left} x2={BOX.left} y1={y0} y2={y1} />
      <path class="band" d={bandPath(band, 4)} data-role="band" />
      {target && (
        <g class="target" data-role="target">
          <line x1={BOX.left} x2={BOX.width - BOX.right} y1={y(target.min)} y2={y(target.min)} stroke-dasharray="6 4" />
          <text x={BOX.width - BOX.right - 4} y={y(target.min) - 5} text-anchor="end">{`target ${formatTarget(metric, target.min)}`}</text>
        </g>
      )}
      <path class="line" d={linePath(points)} data-role="line" />
      {rows.map((row, i) =>
        row.headline == null ? null : (
          <circle key={row.key} class="dot" cx={xs[i]} cy={y(row.headline)} r={rows.length > 45 ? 1.5 : 3}>
            <title>{`${formatDayKey(row.key)}: ${formatHeadline(metric, row.headline)}, ${formatCount(row.count)}, 95% CI ${formatInterval(metric, row.ci95)}`}</title>
          </circle>
        ),
      )}
      <g class="x-axis">
        {labelIndexes(rows.length, Math.max(2, Math.floor((PLOT_X[1] - PLOT_X[0]) / LABEL_PX))).map((i) => (
          <text key={i} x={xs[i]} y={BOX.height - 10} text-anchor="middle">
            {formatDayKey(rows[i]!.key)}
          </text>
        ))}
      </g>
    </svg>
  );
}

import { h } from 'preact';
import type { ChartGroupBy, InsightsAnswer, Target } from '../api/api-types.js';
import { SummaryTable } from '../breakdown/summary-table.js';
import { csvFilename } from '../csv/csv-filename.js';
import { formatDayKey } from '../format/dates.js';
import { formatTarget, METRIC_INFO } from '../format/metric-format.js';
import { TimeSeriesChart } from './time-series-chart.js';

export interface MetricChartProps {
  answer: InsightsAnswer;
  groupBy: ChartGroupBy;
  target: Target | undefined;
}

/** A metric's chart with its legend, and the same figures as a table (with CSV) for those who cannot see it. */
export function MetricChart({ answer, groupBy, target }: MetricChartProps) {
  const { metric, rows, from, to, site } = answer;
  const info = METRIC_INFO[metric];
  const id = `chart-${metric}`;
  const unit = groupBy === 'day' ? 'Day' : 'Week';
  return (
    <figure class="chart-card" aria-labelledby={`${id}-caption`} data-metric={metric}>
      <figcaption id={`${id}-caption`}>
        <span class="chart-name">{info.label}</span> <span class="muted">{info.measures}</span>
      </figcaption>
      <TimeSeriesChart id={id} metric={metric} groupBy={groupBy} rows={rows} target={target} />
      <ul class="legend" aria-hidden="true">
        <li class="legend-line">{info.label}</li>
        <li class="legend-band">95% interval</li>
        {target && <li class="legend-target">target {formatTarget(metric, target.min)}</li>}
      </ul>
      <details>
        <summary>Data table</summary>
        <SummaryTable
          metric={metric}
          caption={`${info.label} by ${unit.toLowerCase()}`}
          keyLabel={unit}
          keyName={groupBy}
          rows={rows}
          csvFilename={csvFilename(site, metric, groupBy, from, to)}
          formatKey={formatDayKey}
          initialSort={{ by: 'key', descending: false }}
        />
      </details>
    </figure>
  );
}

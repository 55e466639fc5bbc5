import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { Metric } from '@feedloop/schema/metrics';
import type { ApiClient } from '../api/api-client.js';
import type { BreakdownGroupBy } from '../api/api-types.js';
import type { Range } from '../controls/period.js';
import { csvFilename } from '../csv/csv-filename.js';
import { useLoad } from '../data/use-load.js';
import { METRIC_INFO } from '../format/metric-format.js';
import { SummaryTable } from './summary-table.js';
import { describeError } from '../format/describe-error.js';

export interface BreakdownSectionProps {
  client: ApiClient;
  /** The metrics that have responses in the period; the first is shown until another is chosen. */
  metrics: readonly Metric[];
  range: Range;
  touchpoint: string;
  version: number;
  onUnauthorized(): void;
}

const DIMENSIONS: { groupBy: BreakdownGroupBy; label: string }[] = [
  { groupBy: 'touchpoint', label: 'Touchpoint' },
  { groupBy: 'channel', label: 'Channel' },
  { groupBy: 'agent', label: 'Agent' },
];

/** One metric by touchpoint, by channel and by agent, side by side, each table with its CSV. */
export function BreakdownSection({ client, metrics, range, touchpoint, version, onUnauthorized }: BreakdownSectionProps) {
  const [chosen, setChosen] = useState<Metric | undefined>();
  const metric = chosen && metrics.includes(chosen) ? chosen : metrics[0];
  const { from, to } = range;
  const loaded = useLoad(
    (signal) => (metric ? Promise.all(DIMENSIONS.map(({ groupBy }) => client.insights({ metric, touchpoint, from, to, groupBy }, signal))) : Promise.resolve([])),
    [client, metric, touchpoint, from, to, version],
    onUnauthorized,
  );

  return (
    <section class="section" aria-labelledby="breakdown-title" aria-busy={loaded.loading}>
      <div class="section-head">
        <h2 id="breakdown-title">Breakdown</h2>
        {metric && (
          <div class="field inline">
            <label for="breakdown-metric">Metric</label>
            <select id="breakdown-metric" value={metric} onChange={(e) => setChosen(e.currentTarget.value as Metric)}>
              {metrics.map((m) => (
                <option key={m} value={m}>
                  {METRIC_INFO[m].label}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {!metric && <p class="muted">No responses in this period.</p>}
      {loaded.error && (
        <p class="error" role="alert">
          Could not load the breakdown: {describeError(loaded.error)}
        </p>
      )}
      {metric && loaded.data && (
        <div class="breakdown">
          {DIMENSIONS.map(({ groupBy, label }, i) => {
            const answer = loaded.data![i];
            if (!answer || answer.metric !== metric) return null;
            return (
              <SummaryTable
                key={groupBy}
                metric={metric}
                caption={`${METRIC_INFO[metric].label} by ${groupBy}`}
                keyLabel={label}
                keyName={groupBy}
                rows={answer.rows}
                csvFilename={csvFilename(client.site, metric, groupBy, from, to)}
                empty={`No ratings with a ${groupBy} in this period.`}
              />
            );
          })}
        </div>
      )}
    </section>
  );
}

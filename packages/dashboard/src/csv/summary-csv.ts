import { bucketsOf, type Metric } from '@feedloop/schema/metrics';
import type { InsightsRow } from '../api/api-types.js';
import type { CsvCell } from './to-csv.js';

/**
 * The CSV of insight rows: the key (day, week, touchpoint, channel or agent), responses, headline, its interval,
 * responses per bucket, and for CES the share of easy answers. Figures as the API gives them, unformatted.
 */
export function summaryCsv(metric: Metric, keyName: string, rows: readonly InsightsRow[]): { header: string[]; rows: CsvCell[][] } {
  const buckets = bucketsOf(metric);
  const ces = metric === 'ces';
  return {
    header: [keyName, 'responses', `${metric}_headline`, 'ci95_low', 'ci95_high', ...buckets, ...(ces ? ['easy_pct'] : [])],
    rows: rows.map((row) => [
      row.key,
      row.count,
      row.headline,
      row.ci95?.[0],
      row.ci95?.[1],
      ...buckets.map((b) => row.buckets[b] ?? 0),
      ...(ces ? [row.easyPct] : []),
    ]),
  };
}

import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { Metric } from '@feedloop/schema/metrics';
import type { InsightsRow } from '../api/api-types.js';
import { CsvButton } from '../csv/csv-button.js';
import { summaryCsv } from '../csv/summary-csv.js';
import { formatHeadline, formatInteger, formatInterval, METRIC_INFO } from '../format/metric-format.js';
import { IntervalBar } from './interval-bar.js';
import { sortRows, type Sort, type SortKey } from './sort-rows.js';

export interface SummaryTableProps {
  metric: Metric;
  caption: string;
  /** The first column's heading: `Touchpoint`, `Agent`, `Day`. */
  keyLabel: string;
  /** The column's name in the CSV header: `touchpoint`, `agent`, `day`. */
  keyName: string;
  rows: readonly InsightsRow[];
  csvFilename: string;
  formatKey?: (key: string) => string;
  initialSort?: Sort;
  empty?: string;
}

/** Rows of the insights API as a sortable table, with a small interval chart per row and a CSV download. */
export function SummaryTable({ metric, caption, keyLabel, keyName, rows, csvFilename, formatKey = (k) => k, initialSort = { by: 'count', descending: true }, empty = 'No responses.' }: SummaryTableProps) {
  const [sort, setSort] = useState<Sort>(initialSort);
  const sorted = sortRows(rows, sort);
  const label = METRIC_INFO[metric].label;
  const header = (by: SortKey, text: string, numeric: boolean) => {
    const active = sort.by === by;
    return (
      <th scope="col" class={numeric ? 'num' : undefined} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" class="sort" onClick={() => setSort({ by, descending: active ? !sort.descending : by !== 'key' })}>
          {text}
          <span aria-hidden="true" class="sort-mark">
            {active ? (sort.descending ? ' ↓' : ' ↑') : ''}
          </span>
        </button>
      </th>
    );
  };
  const csv = () => summaryCsv(metric, keyName, sorted);

  return (
    <div class="table-block">
      {/* Focusable, so a keyboard can scroll it when it is wider than its box. */}
      <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {header('key', keyLabel, false)}
              {header('count', 'Responses', true)}
              {header('headline', label, true)}
              <th scope="col" class="num">
                95% interval
              </th>
              <th scope="col">
                <span class="visually-hidden">Interval on the scale</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 ? (
              <tr>
                <td colSpan={5} class="empty">
                  {empty}
                </td>
              </tr>
            ) : (
              sorted.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{formatKey(row.key)}</th>
                  <td class="num">{formatInteger(row.count)}</td>
                  <td class="num">{formatHeadline(metric, row.headline)}</td>
                  <td class="num">{formatInterval(metric, row.ci95)}</td>
                  <td>
                    <IntervalBar metric={metric} headline={row.headline} ci95={row.ci95} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {sorted.length > 0 && <CsvButton filename={csvFilename} what={caption} header={csv().header} rows={() => csv().rows} />}
    </div>
  );
}

import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ChartGroupBy } from '../api/api-types.js';
import { rangeProblem, resolveRange, TOUCHPOINT_GLOB, type Filters, type PeriodPreset } from './period.js';

export interface ControlsProps {
  filters: Filters;
  today: string;
  onChange(filters: Filters): void;
  onRefresh(): void;
}

const PRESETS: { value: PeriodPreset; label: string }[] = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
  { value: 'custom', label: 'Custom range' },
];

/**
 * Period, touchpoint filter and chart grouping. Selects apply at once; the dates and the touchpoint apply when the
 * field is committed (Enter, or leaving it) and only when valid, with the reason shown otherwise.
 */
export function Controls({ filters, today, onChange, onRefresh }: ControlsProps) {
  const [touchpoint, setTouchpoint] = useState(filters.touchpoint === '*' ? '' : filters.touchpoint);
  const [from, setFrom] = useState(filters.from);
  const [to, setTo] = useState(filters.to);
  const [problem, setProblem] = useState<{ field: 'touchpoint' | 'range'; message: string } | undefined>();
  useEffect(() => {
    setFrom(filters.from);
    setTo(filters.to);
  }, [filters.from, filters.to]);

  const commitTouchpoint = () => {
    const glob = touchpoint.trim() || '*';
    if (!TOUCHPOINT_GLOB.test(glob)) {
      setProblem({ field: 'touchpoint', message: 'A touchpoint is lower-case letters, digits, _ . - and * for any characters.' });
      return;
    }
    setProblem(undefined);
    if (glob !== filters.touchpoint) onChange({ ...filters, touchpoint: glob });
  };
  const commitRange = (nextFrom: string, nextTo: string) => {
    const message = rangeProblem(nextFrom, nextTo);
    if (message) {
      setProblem({ field: 'range', message });
      return;
    }
    setProblem(undefined);
    if (nextFrom !== filters.from || nextTo !== filters.to) onChange({ ...filters, from: nextFrom, to: nextTo });
  };
  const choosePreset = (preset: PeriodPreset) => {
    // Switching to a custom range starts from the days shown so far.
    const range = resolveRange(filters, today);
    onChange(preset === 'custom' ? { ...filters, preset, from: range.from, to: range.to } : { ...filters, preset });
  };

  return (
    <form
      class="controls"
      aria-label="What to show"
      onSubmit={(event) => {
        event.preventDefault();
        commitTouchpoint();
        if (filters.preset === 'custom') commitRange(from, to);
      }}
    >
      <div class="field">
        <label for="period">Period</label>
        <select id="period" value={filters.preset} onChange={(e) => choosePreset(e.currentTarget.value as PeriodPreset)}>
          {PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {filters.preset === 'custom' && (
        <div class="field">
          <label for="from">From</label>
          <input id="from" type="date" value={from} max={today} aria-invalid={problem?.field === 'range'} aria-describedby="controls-problem"
            onInput={(e) => setFrom(e.currentTarget.value)} onChange={(e) => commitRange(e.currentTarget.value, to)} />
        </div>
      )}
      {filters.preset === 'custom' && (
        <div class="field">
          <label for="to">To</label>
          <input id="to" type="date" value={to} max={today} aria-invalid={problem?.field === 'range'} aria-describedby="controls-problem"
            onInput={(e) => setTo(e.currentTarget.value)} onChange={(e) => commitRange(from, e.currentTarget.value)} />
        </div>
      )}
      <div class="field">
        <label for="touchpoint">Touchpoint</label>
        <input id="touchpoint" value={touchpoint} placeholder="all (*)" autocomplete="off" spellcheck={false} aria-invalid={problem?.field === 'touchpoint'}
          aria-describedby="touchpoint-help controls-problem" onInput={(e) => setTouchpoint(e.currentTarget.value)} onChange={commitTouchpoint} />
        <span id="touchpoint-help" class="hint">
          e.g. <code>checkout</code>, <code>support.*</code>
        </span>
      </div>
      <div class="field">
        <label for="group-by">Charts by</label>
        <select id="group-by" value={filters.groupBy} onChange={(e) => onChange({ ...filters, groupBy: e.currentTarget.value as ChartGroupBy })}>
          <option value="day">Day</option>
          <option value="week">Week</option>
        </select>
      </div>
      <div class="field actions">
        <button type="submit">Apply</button>
        <button type="button" onClick={onRefresh}>
          Refresh
        </button>
      </div>
      <p id="controls-problem" class="error" role="alert">
        {problem?.message ?? ''}
      </p>
    </form>
  );
}

import { h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { METRIC_NAMES } from '@feedloop/schema/metrics';
import { createApiClient } from './api/api-client.js';
import type { TargetsAnswer } from './api/api-types.js';
import { BreakdownSection } from './breakdown/breakdown-section.js';
import { HeadlineCards } from './cards/headline-cards.js';
import { targetFor } from './cards/target-status.js';
import { MetricChart } from './chart/metric-chart.js';
import { CommentsSection } from './comments/comments-section.js';
import { Controls } from './controls/controls.js';
import { defaultFilters, resolveRange, type Filters } from './controls/period.js';
import { useLoad } from './data/use-load.js';
import { formatDay, todayUtc } from './format/dates.js';
import type { Session } from './session/session-storage.js';
import { describeError } from './format/describe-error.js';

export interface DashboardProps {
  base: string;
  session: Session;
  onSignOut(): void;
  onUnauthorized(): void;
}

/** Everything after sign-in: controls, headline cards, charts, breakdown and comments. */
export function Dashboard({ base, session, onSignOut, onUnauthorized }: DashboardProps) {
  const client = useMemo(() => createApiClient(base, session), [base, session]);
  useEffect(() => {
    document.title = `${session.site} · Feedloop insights`;
    return () => void (document.title = 'Feedloop insights');
  }, [session.site]);
  const today = todayUtc();
  const [filters, setFilters] = useState<Filters>(() => defaultFilters(today));
  const [version, setVersion] = useState(0);
  const range = resolveRange(filters, today);
  const { from, to, days } = range;
  const { touchpoint, groupBy } = filters;

  const overview = useLoad(
    (signal) => Promise.all(METRIC_NAMES.map((metric) => client.insights({ metric, touchpoint, from, to, groupBy }, signal))),
    [client, touchpoint, from, to, groupBy, version],
    onUnauthorized,
  );
  // A server without the targets endpoint (404) shows no targets rather than an error.
  const targets = useLoad(
    (signal) => client.targets(signal).catch((error: { status?: number }): TargetsAnswer | undefined => {
      if (error.status === 404) return undefined;
      throw error;
    }),
    [client, version],
    onUnauthorized,
  );
  const answered = (overview.data ?? []).filter((answer) => answer.total.count > 0);
  const targetList = targets.data?.targets;

  return (
    <div class="app">
      <a class="skip" href="#main">
        Skip to the figures
      </a>
      <header class="topbar">
        <p class="brand">
          Feedloop <span class="brand-sub">insights</span>
        </p>
        <p class="who">
          Site <strong data-role="site">{session.site}</strong>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </p>
      </header>
      <main id="main" tabIndex={-1}>
        <h1 class="visually-hidden">Insights for {session.site}</h1>
        <Controls filters={filters} today={today} onChange={setFilters} onRefresh={() => setVersion((v) => v + 1)} />
        <p class="period" role="status">
          {formatDay(from)} – {formatDay(to)} (UTC, {days} days) · {touchpoint === '*' ? 'all touchpoints' : `touchpoint ${touchpoint}`}
          {overview.loading ? ' · loading…' : ''}
        </p>
        {overview.error && (
          <p class="error" role="alert">
            Could not load the figures: {describeError(overview.error)}
          </p>
        )}
        {targets.error && (
          <p class="error" role="alert">
            Could not load the targets: {describeError(targets.error)}
          </p>
        )}
        <section class="section" aria-labelledby="headlines-title" aria-busy={overview.loading}>
          <h2 id="headlines-title">Headlines</h2>
          {overview.data && answered.length === 0 && <p class="muted">No responses in this period{touchpoint === '*' ? '' : ' on these touchpoints'}.</p>}
          <HeadlineCards answers={answered} targets={targetList} touchpoint={touchpoint} days={days} />
        </section>
        {answered.length > 0 && (
          <section class="section" aria-labelledby="trends-title" aria-busy={overview.loading}>
            <h2 id="trends-title">Trends by {groupBy}</h2>
            <div class="charts">
              {answered.map((answer) => (
                <MetricChart key={answer.metric} answer={answer} groupBy={groupBy} target={targetFor(targetList, answer.metric, touchpoint)} />
              ))}
            </div>
          </section>
        )}
        <BreakdownSection client={client} metrics={answered.map((a) => a.metric)} range={range} touchpoint={touchpoint} version={version} onUnauthorized={onUnauthorized} />
        <CommentsSection client={client} touchpoint={touchpoint} version={version} onUnauthorized={onUnauthorized} />
      </main>
    </div>
  );
}

import { h } from 'preact';
import type { Metric } from '@feedloop/schema/metrics';
import type { InsightsTotal, Target } from '../api/api-types.js';
import { formatDayKey } from '../format/dates.js';
import { formatChange, formatCount, formatHeadline, formatInteger, formatInterval, formatPercent, formatTarget, METRIC_INFO } from '../format/metric-format.js';
import { targetState } from './target-status.js';

export interface HeadlineCardProps {
  metric: Metric;
  total: InsightsTotal;
  /** Days in the period, to name the one compared against. */
  days: number;
  target?: Target | undefined;
}

const STATE_TEXT = { met: '✓ Met', missed: '✗ Missed', pending: '… Not judged yet' } as const;

/** One metric's headline for the period: the figure, responses, interval, change, and the target's state. */
export function HeadlineCard({ metric, total, days, target }: HeadlineCardProps) {
  const info = METRIC_INFO[metric];
  const id = `card-${metric}`;
  const change = total.change;
  const direction = change == null || change === 0 ? 'flat' : change > 0 ? 'up' : 'down';
  const arrow = { up: '▲', down: '▼', flat: '▬' }[direction];
  const state = target ? targetState(target) : undefined;

  return (
    <article class="card" aria-labelledby={`${id}-name`} data-metric={metric}>
      <h3 id={`${id}-name`} class="card-name">
        {info.label}
        <span class="card-measures">{info.measures}</span>
      </h3>
      <div class="card-body">
        <div>
          <p class="card-headline" data-role="headline">
            {formatHeadline(metric, total.headline)}
          </p>
          {metric === 'ces' && total.easyPct != null && (
            <p class="card-easy" data-role="easy">
              {formatPercent(total.easyPct)} easy (5–7)
            </p>
          )}
        </div>
        <dl class="card-facts">
          <div>
            <dt>Responses</dt>
            <dd data-role="count">{formatInteger(total.count)}</dd>
          </div>
          <div>
            <dt>95% interval</dt>
            <dd data-role="ci">{formatInterval(metric, total.ci95)}</dd>
          </div>
        </dl>
      </div>
      <p class={`card-change ${direction}`} data-role="change">
        {change == null ? (
          <span>
            {total.previous.complete === false
              ? `Previous ${days} days: partly past retention, not compared`
              : `Previous ${days} days: no responses to compare with`}
          </span>
        ) : (
          <span>
            <span aria-hidden="true">{arrow} </span>
            <span class="visually-hidden">{direction === 'up' ? 'Up ' : direction === 'down' ? 'Down ' : 'Unchanged, '}</span>
            {formatChange(metric, change)} vs previous {days} days ({formatHeadline(metric, total.previous.headline)})
          </span>
        )}
        {change != null && ' '}
        {change != null && (total.significant ? <span class="badge significant">significant</span> : <span class="badge quiet">not significant</span>)}
      </p>
      {target && state && (
        <p class={`card-target ${state}`} data-role="target" data-state={state}>
          <span>
            <span class="target-state">{STATE_TEXT[state]}</span> · target {formatTarget(metric, target.min)}
            {target.touchpoint === '*' ? '' : ` on ${target.touchpoint}`}
          </span>{' '}
          <span class="muted">
            Last {target.windowDays} days:{' '}
            {state === 'pending'
              ? `${target.window.count} of ${target.minResponses} responses needed`
              : `${formatHeadline(metric, target.window.headline)}, ${formatCount(target.window.count)}`}
            {target.breached && target.breachedSince ? ` · missed since ${formatDayKey(target.breachedSince.slice(0, 10))}` : ''}
          </span>
        </p>
      )}
    </article>
  );
}

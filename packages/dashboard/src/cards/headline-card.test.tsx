// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { InsightsTotal, Target } from '../api/api-types.js';
import { HeadlineCard } from './headline-card.js';

const total = (overrides: Partial<InsightsTotal> = {}): InsightsTotal => ({
  count: 20,
  histogram: { '2': 2, '4': 6, '5': 12 },
  buckets: { satisfied: 18, neutral: 0, dissatisfied: 2 },
  headline: 90,
  ci95: [69.9, 97.21],
  previous: { count: 20, headline: 70, complete: true },
  change: 20,
  significant: true,
  ...overrides,
});

const target: Target = {
  id: 'csat-all',
  metric: 'csat',
  touchpoint: '*',
  min: 95,
  minResponses: 5,
  windowDays: 7,
  window: { from: '2026-11-24', to: '2026-11-30', count: 20, headline: 90, ci95: [69.9, 97.21] },
  met: false,
  breached: true,
  breachedSince: '2026-11-29T10:00:00.000Z',
};

const container = document.createElement('div');
afterEach(() => render(null, container));
const text = (role: string) => container.querySelector(`[data-role=${role}]`)?.textContent?.replace(/\s+/g, ' ').trim();

describe('a headline card', () => {
  it('shows the headline, responses, interval, a significant rise and a missed target, not by colour alone', () => {
    render(<HeadlineCard metric="csat" total={total()} days={30} target={target} />, container);
    expect(text('headline')).toBe('90%');
    expect(text('count')).toBe('20');
    expect(text('ci')).toBe('69.9–97.2%');
    expect(text('change')).toBe('▲ Up +20 pts vs previous 30 days (70%) significant');
    expect(container.querySelector('[data-role=target]')?.getAttribute('data-state')).toBe('missed');
    expect(text('target')).toBe('✗ Missed · target ≥ 95% Last 7 days: 90%, 20 responses · missed since Nov 29');
  });

  it('says when there is nothing to compare with, and shows CES with its share of easy answers', () => {
    render(<HeadlineCard metric="ces" total={total({ headline: 5.456, ci95: [5.1, 5.8], easyPct: 72.5, change: null, significant: false, previous: { count: 0, headline: null } })} days={7} />, container);
    expect(text('headline')).toBe('5.46');
    expect(text('easy')).toBe('72.5% easy (5–7)');
    expect(text('change')).toBe('Previous 7 days: no responses to compare with');
    expect(container.querySelector('[data-role=target]')).toBeNull();
  });
});

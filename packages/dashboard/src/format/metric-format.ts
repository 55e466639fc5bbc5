/** How each metric's figures read: names, what the headline measures, units, and the scale a chart draws them on. */
import type { Metric } from '@feedloop/schema/metrics';
import type { Interval } from '../api/api-types.js';

export type HeadlineKind = 'percent' | 'nps' | 'mean';

export interface MetricInfo {
  /** Short name: `CSAT`. */
  label: string;
  /** What the number is: `% satisfied (4–5 of 5)`. */
  measures: string;
  kind: HeadlineKind;
  /** The whole range the headline can take, which the chart's axis spans. */
  domain: Interval;
  /** Axis ticks across the domain. */
  ticks: number[];
}

const percent = (label: string, measures: string): MetricInfo => ({ label, measures, kind: 'percent', domain: [0, 100], ticks: [0, 25, 50, 75, 100] });

export const METRIC_INFO: Readonly<Record<Metric, MetricInfo>> = {
  csat: percent('CSAT', '% satisfied (4–5 of 5)'),
  nps: { label: 'NPS', measures: '% promoters − % detractors', kind: 'nps', domain: [-100, 100], ticks: [-100, -50, 0, 50, 100] },
  ces: { label: 'CES', measures: 'mean of 1–7, higher is easier', kind: 'mean', domain: [1, 7], ticks: [1, 2, 3, 4, 5, 6, 7] },
  thumbs: percent('Thumbs', '% thumbs up'),
  emoji: percent('Emoji', '% happy (4–5 of 5)'),
  fcr: percent('FCR', '% resolved at first contact'),
};

const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const signedOne = new Intl.NumberFormat('en', { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const signedTwo = new Intl.NumberFormat('en', { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const integer = new Intl.NumberFormat('en');

/** A share in percent: `72.5%`. */
export function formatPercent(value: number): string {
  return `${oneDecimal.format(value)}%`;
}

/** The headline as it reads: `87.5%`, `+32` (NPS), `5.43` (CES); `—` when there is none. */
export function formatHeadline(metric: Metric, value: number | null | undefined): string {
  if (value == null) return '—';
  switch (METRIC_INFO[metric].kind) {
    case 'percent':
      return formatPercent(value);
    case 'nps':
      return signedOne.format(value);
    case 'mean':
      return twoDecimals.format(value);
  }
}

/** A figure in the headline's units without the sign of NPS: for axes and interval bounds. */
export function formatPlain(metric: Metric, value: number): string {
  return METRIC_INFO[metric].kind === 'mean' ? twoDecimals.format(value) : oneDecimal.format(value);
}

/** The unit of a change: percentage points, NPS points, or points on the CES scale. */
export function changeUnit(metric: Metric): string {
  return METRIC_INFO[metric].kind === 'percent' ? 'pts' : 'points';
}

/** A change against the previous period: `+4.2 pts`, `-3 points`, `0 pts`. */
export function formatChange(metric: Metric, change: number): string {
  const number = METRIC_INFO[metric].kind === 'mean' ? signedTwo.format(change) : signedOne.format(change);
  return `${number} ${changeUnit(metric)}`;
}

/** The 95 % interval: `80.1–92.3%`, `-12 – 40`, `4.9–5.8`. */
export function formatInterval(metric: Metric, ci95: Interval | null | undefined): string {
  if (!ci95) return '—';
  const [lo, hi] = ci95.map((x) => formatPlain(metric, x)) as [string, string];
  const dash = lo.startsWith('-') || hi.startsWith('-') ? ' – ' : '–';
  return METRIC_INFO[metric].kind === 'percent' ? `${lo}${dash}${hi}%` : `${lo}${dash}${hi}`;
}

/** `1,234` */
export function formatInteger(n: number): string {
  return integer.format(n);
}

/** `1 response`, `1,234 responses` */
export function formatCount(n: number, noun = 'response'): string {
  return `${integer.format(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** A target's threshold: `≥ 85%`, `≥ +20`, `≥ 5`. */
export function formatTarget(metric: Metric, min: number): string {
  return `≥ ${formatHeadline(metric, min)}`;
}

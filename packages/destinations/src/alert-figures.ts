import type { Metric, TargetMissedAlert } from '@feedloop/schema';
import { headlineKind } from '@feedloop/schema/insights';

/**
 * How a missed target reads in a Slack message or a Zendesk ticket, in the headline's own units
 * (packages/schema/src/insights/headline.ts): csat, emoji, thumbs and fcr in percent, nps in points from −100 to
 * 100, ces as the mean on its 1–7 scale. The insights API gives full precision; rounding happens here, when shown.
 */

export const METRIC_LABELS: Readonly<Record<Metric, string>> = { csat: 'CSAT', nps: 'NPS', ces: 'CES', thumbs: 'Thumbs', emoji: 'Emoji', fcr: 'FCR' };

/** A true minus sign, as for sentiment in Slack: a hyphen before a number reads as a dash in most fonts. */
const MINUS = '−';

/** `+12.3`, `−4.0`, `0.0`: an NPS shows its sign, as scores around zero are common and the sign is the news. */
function signed(value: number, decimals: number): string {
  const text = Math.abs(value).toFixed(decimals);
  if (Number(text) === 0) return text;
  return `${value < 0 ? MINUS : '+'}${text}`;
}

/** The number as written in a config: 85 stays `85`, 85.5 stays `85.5` (no trailing zeros). */
function plain(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

/** The headline as measured: `78.4 %`, `+12.3`, `4.12`. */
export function formatHeadline(metric: Metric, value: number): string {
  switch (headlineKind(metric)) {
    case 'proportion': return `${value.toFixed(1)} %`;
    case 'nps': return signed(value, 1);
    case 'mean': return value.toFixed(2);
  }
}

/** A target's minimum as configured: `85 %`, `+20`, `4.5`. */
export function formatTarget(metric: Metric, min: number): string {
  switch (headlineKind(metric)) {
    case 'proportion': return `${plain(min, 1)} %`;
    case 'nps': {
      const text = plain(Math.abs(min), 1);
      return Number(text) === 0 ? '0' : `${min < 0 ? MINUS : '+'}${text}`;
    }
    case 'mean': return plain(min, 2);
  }
}

/** A 95 % interval: `64.1–88.0 %`, `−4.1 to +28.0` (a dash between signed numbers would read as a minus), `3.80–4.44`. */
export function formatInterval(metric: Metric, [lo, hi]: readonly [number, number]): string {
  switch (headlineKind(metric)) {
    case 'proportion': return `${lo.toFixed(1)}–${hi.toFixed(1)} %`;
    case 'nps': return `${signed(lo, 1)} to ${signed(hi, 1)}`;
    case 'mean': return `${lo.toFixed(2)}–${hi.toFixed(2)}`;
  }
}

/** `all touchpoints` for `*`, the glob as written otherwise (`support.*`). */
export function touchpointsText(glob: string): string {
  return glob === '*' ? 'all touchpoints' : glob;
}

/** `7 days`, `1 day`. */
export function daysText(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

/** The pieces every rendering of a missed target is made of, already formatted. */
export interface TargetMissedFigures {
  /** `CSAT`. */
  metric: string;
  /** `78.4 %`. */
  headline: string;
  /** `85 %`. */
  target: string;
  /** `over the last 7 days`. */
  period: string;
  /** `n = 42, 95 % CI 64.1–88.0 %`; without the interval when the alert has none. */
  sample: string;
  /** `all touchpoints`, or the glob. */
  touchpoints: string;
}

export function targetMissedFigures(alert: TargetMissedAlert): TargetMissedFigures {
  const { target, window } = alert;
  const interval = window.ci95 ? `, 95 % CI ${formatInterval(target.metric, window.ci95)}` : '';
  return {
    metric: METRIC_LABELS[target.metric],
    headline: formatHeadline(target.metric, window.headline),
    target: formatTarget(target.metric, target.min),
    period: target.windowDays === 1 ? 'over the last day' : `over the last ${target.windowDays} days`,
    sample: `n = ${window.count}${interval}`,
    touchpoints: touchpointsText(target.touchpoint),
  };
}

/** One sentence: `78.4 % over the last 7 days (n = 42, 95 % CI 64.1–88.0 %) — target ≥ 85 %`. */
export function targetMissedSentence(figures: TargetMissedFigures): string {
  return `${figures.headline} ${figures.period} (${figures.sample}) — target ≥ ${figures.target}`;
}

import { widgetError } from './widget-error.js';
import { isMetric, TOUCHPOINT_PATTERN, type Metric } from '@feedloop/schema/metrics';
import type { Strings } from './strings.js';

export interface WidgetOptions {
  /** Base URL of the Feedloop ingest server, e.g. `https://feedback.example.com`. */
  endpoint: string;
  /** The site's public key, `pk_…`. */
  siteKey: string;
  /** Where the customer is: `checkout`, `support.chat`… */
  touchpoint: string;
  /** Which question to ask. Default `csat`. */
  metric?: Metric;
  /** Replace any of the default strings. */
  strings?: Partial<Strings>;
  /** Nonce for the fallback <style> element on browsers without constructable stylesheets. */
  nonce?: string;
}

export type ResolvedOptions = WidgetOptions & { metric: Metric };

export function resolveOptions(options: WidgetOptions): ResolvedOptions {
  const problems: string[] = [];
  if (!options || typeof options.endpoint !== 'string' || !/^https?:\/\//.test(options.endpoint)) problems.push('endpoint must be an http(s) URL');
  if (!options || typeof options.siteKey !== 'string' || !options.siteKey) problems.push('siteKey is required');
  if (!options || typeof options.touchpoint !== 'string' || !TOUCHPOINT_PATTERN.test(options.touchpoint)) {
    problems.push('touchpoint must match [a-z0-9][a-z0-9_.-]{0,63}');
  }
  const metric = options?.metric ?? 'csat';
  if (!isMetric(metric)) problems.push(`metric must be one of csat, nps, ces, thumbs, emoji, fcr`);
  if (problems.length) throw widgetError('WIDGET_OPTIONS_INVALID', `Feedloop widget: ${problems.join('; ')}`);
  return { ...options, metric: metric as Metric };
}

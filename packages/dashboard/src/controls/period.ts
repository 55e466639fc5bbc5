import type { ChartGroupBy } from '../api/api-types.js';
import { addDays, daysInclusive, isIsoDate } from '../format/dates.js';

export type PeriodPreset = '7' | '30' | '90' | 'custom';

/** What the dashboard shows: which days, which touchpoints, and how the charts group the days. */
export interface Filters {
  preset: PeriodPreset;
  /** The range of a custom period; also where a preset ends up when switching to custom. */
  from: string;
  to: string;
  touchpoint: string;
  groupBy: ChartGroupBy;
}

export interface Range {
  from: string;
  to: string;
  days: number;
}

/** The longest range the insights API answers. */
export const MAX_DAYS = 400;

/** A touchpoint name or glob, as the API takes it. */
export { TOUCHPOINT_GLOB } from '@feedloop/schema/metrics';

export function defaultFilters(today: string): Filters {
  return { preset: '30', from: addDays(today, -29), to: today, touchpoint: '*', groupBy: 'day' };
}

/** The days a preset covers: the last 7, 30 or 90 days up to today (UTC), or the custom range. */
export function resolveRange(filters: Filters, today: string): Range {
  if (filters.preset === 'custom') return { from: filters.from, to: filters.to, days: daysInclusive(filters.from, filters.to) };
  const days = Number(filters.preset);
  return { from: addDays(today, -(days - 1)), to: today, days };
}

/** Why a custom range cannot be asked for, or undefined when it can. */
export function rangeProblem(from: string, to: string): string | undefined {
  if (!isIsoDate(from) || !isIsoDate(to)) return 'Enter both dates.';
  const days = daysInclusive(from, to);
  if (days < 1) return 'The start date must not be after the end date.';
  if (days > MAX_DAYS) return `At most ${MAX_DAYS} days at a time (this range has ${days}).`;
  return undefined;
}

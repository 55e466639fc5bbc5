/**
 * The answers of the insights API as the dashboard reads them (docs/insights.md). Declared here rather than imported
 * from @feedloop/ingest: the server depends on this package for its built files, not the other way round.
 */
import type { Metric } from '@feedloop/schema/metrics';

export type ChartGroupBy = 'day' | 'week';
export type BreakdownGroupBy = 'touchpoint' | 'channel' | 'agent';
export type GroupBy = ChartGroupBy | BreakdownGroupBy;
export type Interval = [number, number];

export interface Summary {
  count: number;
  histogram: Record<string, number>;
  buckets: Record<string, number>;
  /** csat, emoji, thumbs, fcr: percent; nps: −100…100; ces: the mean 1–7. `null` without responses. */
  headline: number | null;
  ci95: Interval | null;
  /** ces only. */
  easyPct?: number | null;
}

export interface InsightsRow extends Summary {
  key: string;
}

export interface InsightsTotal extends Summary {
  /** `complete: false` when part of the previous period is older than the server keeps counters: then not compared. */
  previous: { count: number; headline: number | null; complete?: boolean };
  change: number | null;
  significant: boolean;
}

export interface InsightsAnswer {
  site: string;
  metric: Metric;
  from: string;
  to: string;
  groupBy: GroupBy;
  rows: InsightsRow[];
  total: InsightsTotal;
}

export interface InsightsQuery {
  metric: Metric;
  touchpoint: string;
  from: string;
  to: string;
  groupBy: GroupBy;
}

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface FeedbackComment {
  id: string;
  timestamp: string;
  touchpoint: string;
  metric: Metric;
  value: number;
  bucket: string;
  comment: string;
  sentiment?: { score: number; label: SentimentLabel } | null;
  topics?: string[];
  channel?: string | null;
  agentId?: string | null;
}

export interface CommentsAnswer {
  site: string;
  comments: FeedbackComment[];
}

export interface CommentsQuery {
  touchpoint: string;
  metric?: Metric | undefined;
  limit: number;
}

export interface Target {
  id: string;
  metric: Metric;
  touchpoint: string;
  min: number;
  minResponses: number;
  windowDays: number;
  window: { from: string; to: string; count: number; headline: number | null; ci95: Interval | null };
  /** The window meets the target; `null` while it has fewer than `minResponses` responses. */
  met?: boolean | null;
  /** The server holds a breach open (it alerted, and no rating since found the window back). */
  breached: boolean;
  breachedSince: string | null;
}

export interface TargetsAnswer {
  site: string;
  targets: Target[];
}

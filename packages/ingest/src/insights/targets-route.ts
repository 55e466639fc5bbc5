/**
 * `GET /v1/insights/targets` (docs/insights.md): each target of `insights.targets` that applies to the site, with
 * its rolling window ending today (UTC), whether the window meets it, and the breach the worker keeps for alerts.
 */
import { insightsKeys, readTargetWindow, type Config } from '@feedloop/runtime';
import type { Metric } from '@feedloop/schema/metrics';
import type { FastifyInstance } from 'fastify';
import type { RedisClient } from '@feedloop/runtime';
import { z } from 'zod';
import type { InsightsGuard } from './insights-guard.js';
import { insightsHandler, type AnswerContext } from './insights-handler.js';
import { parseQuery, siteParam } from './insights-query.js';
import { round2 } from './summary.js';

export interface TargetStatus {
  id: string;
  metric: Metric;
  touchpoint: string;
  min: number;
  minResponses: number;
  windowDays: number;
  /** The rolling window: `windowDays` UTC days up to today, both included. */
  window: { from: string; to: string; count: number; headline: number | null; ci95: [number, number] | null };
  /** The window's headline is at or above `min`; `null` while it has fewer than `minResponses` responses. */
  met: boolean | null;
  /** The worker holds a breach open for this target: it alerted, and no rating since found the window back. */
  breached: boolean;
  /** When the breach began (ISO 8601); `null` when not breached. */
  breachedSince: string | null;
}

export interface TargetsAnswer {
  site: string;
  targets: TargetStatus[];
}

const targetsQuerySchema = z.object({ site: siteParam });

/** The validated query; throws a QueryInvalidError. */
export function parseTargetsQuery(raw: unknown): { site: string } {
  return parseQuery(targetsQuerySchema, raw);
}

/**
 * A breach key's JSON (`{ eventId, since, ended? }`): when it began, and whether it has ended (kept for the
 * cooldown). A key that is not one is no breach, as the worker, which overwrites it with its next claim, reads it.
 */
function breachOf(raw: string | null): { since: string | null; ended: boolean } | undefined {
  if (raw === null) return undefined;
  try {
    const { eventId, since, ended } = (JSON.parse(raw) as { eventId?: unknown; since?: unknown; ended?: unknown } | null) ?? {};
    if (typeof eventId !== 'string') return undefined;
    return { since: typeof since === 'string' && Number.isFinite(Date.parse(since)) ? since : null, ended: typeof ended === 'string' };
  } catch {
    return undefined;
  }
}

/**
 * Every target of the site, in the configuration's order. `met` is judged now, on the window as it is; `breached`
 * is the worker's state, updated when a rating is counted: after a quiet spell the two can disagree until the next
 * rating (a window can slide back above the target with nobody answering).
 */
export async function targetsAnswer(redis: RedisClient, config: Readonly<Config>, { site, today }: Pick<AnswerContext, 'site' | 'today'>): Promise<TargetsAnswer> {
  const prefix = config.redis.prefix;
  const targets = config.insights.targets.filter((target) => !target.sites || target.sites.includes(site.id));
  if (targets.length === 0) return { site: site.id, targets: [] };
  const keys = insightsKeys(prefix, site.id);
  // One round trip per window (its days) and one for every breach: all keys of a site share one Cluster slot.
  const [windows, breaches] = await Promise.all([
    Promise.all(targets.map((target) => readTargetWindow(redis, prefix, site.id, target, today))),
    redis.mget(targets.map((target) => keys.targetBreach(target))),
  ]);
  return {
    site: site.id,
    targets: targets.map(({ id, metric, touchpoint, min, minResponses, windowDays }, index): TargetStatus => {
      const window = windows[index]!;
      const breach = breachOf(breaches[index] ?? null);
      const judged = window.headline !== undefined && window.count >= minResponses;
      return {
        id,
        metric,
        touchpoint,
        min,
        minResponses,
        windowDays,
        window: {
          from: window.from,
          to: window.to,
          count: window.count,
          headline: window.headline === undefined ? null : round2(window.headline),
          ci95: window.ci95 ? [round2(window.ci95[0]), round2(window.ci95[1])] : null,
        },
        // Judged on the unrounded headline, as the worker does.
        met: judged ? window.headline! >= min : null,
        breached: breach !== undefined && !breach.ended,
        breachedSince: breach && !breach.ended ? breach.since : null,
      };
    }),
  };
}

export function targetsRoute(app: FastifyInstance, config: Readonly<Config>, redis: RedisClient, onRequest: InsightsGuard): void {
  app.get('/v1/insights/targets', { onRequest }, insightsHandler(parseTargetsQuery, (_query, context) => targetsAnswer(redis, config, context)));
}

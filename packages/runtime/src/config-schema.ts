import { TOUCHPOINT_GLOB } from '@feedloop/schema';
import { headlineKind } from '@feedloop/schema/insights';
import { METRIC_NAMES } from '@feedloop/schema/metrics';
import { z } from 'zod';
import { ID } from './destination-configs/common.js';
import { hubspotConfig } from './destination-configs/hubspot.js';
import { intercomConfig } from './destination-configs/intercom.js';
import { salesforceConfig } from './destination-configs/salesforce.js';
import { slackConfig } from './destination-configs/slack.js';
import { webhookConfig } from './destination-configs/webhook.js';
import { zendeskConfig } from './destination-configs/zendesk.js';
import { secretFrom } from './secret-ref.js';

/** Providers with an adapter for alerts. */
const ALERT_DESTINATIONS = new Set(['slack', 'webhook', 'zendesk']);
const MAX_TARGETS = 100;
/** Where each kind of headline lives: percent, NPS points, the CES mean. */
const HEADLINE_RANGE = { proportion: [0, 100], nps: [-100, 100], mean: [1, 7] } as const;

/** `csat-all` for `*`, `nps-support_any` for `support.*`: readable, and a valid id. */
export function defaultTargetId(metric: string, touchpoint: string): string {
  const name = touchpoint === '*' ? 'all' : touchpoint.replace(/\*/g, 'any').replace(/[^a-z0-9_-]/g, '_');
  return `${metric}-${name}`.slice(0, 63);
}

/** The config schema; secrets are read from `env` while parsing, so the parsed config holds their values. */
export function configSchema(env: NodeJS.ProcessEnv) {
  const secret = secretFrom(env);

  /** Topic name → keywords (words or short phrases); an empty list removes the topic. */
  const TopicKeywords = z.record(z.string().min(1).max(64), z.array(z.string().trim().min(1).max(100)).max(200));

  const Site = z.object({
    id: z.string().regex(ID, 'a site id is lower-case letters, digits, _ and -'),
    publicKey: z.string().min(8),
    secretKey: secret.optional(),
    origins: z.array(z.union([z.url(), z.literal('*')])).default([]),
    /** Requests per minute from one client IP, and for the whole site (across every ingest instance). */
    rateLimit: z
      .object({ perMinute: z.number().int().positive().default(600), siteMinute: z.number().int().positive().optional() })
      .default({ perMinute: 600 }),
    /** Query parameters kept in `context.url` and `context.referrer` for this site, on top of `privacy.keepQuery`. */
    keepQuery: z.array(z.string().min(1)).optional(),
    /** Topic keywords for this site, merged over `enrich.topics` and the defaults (docs/enrichment.md). */
    topics: TopicKeywords.optional(),
  });

  const Target = z
    .object({
      /** Names the target in alerts and in Redis; default `<metric>-<touchpoint>` with `*` read as `all`. */
      id: z.string().regex(ID, 'a target id is lower-case letters, digits, _ and -').optional(),
      metric: z.enum(METRIC_NAMES),
      /** A glob over touchpoints (`*`, `support.*`); the matching touchpoints are judged together. */
      touchpoint: z.string().regex(TOUCHPOINT_GLOB, 'a touchpoint name, * matching any characters').default('*'),
      /** In the metric's headline units: percent for csat/emoji/thumbs/fcr, −100…100 for nps, the mean for ces. */
      min: z.number(),
      /** A window with fewer responses is not judged (too noisy to page anyone). */
      minResponses: z.number().int().min(1).default(30),
      /** The rolling window: today (UTC) and the days before it. */
      windowDays: z.number().int().min(1).max(90).default(7),
      /** Only for these sites; default every site. */
      sites: z.array(z.string()).optional(),
      /** A breach that ends and begins again within this many hours is the same breach: no second alert. */
      cooldownHours: z.number().min(0).max(24 * 90).default(24),
    })
    .superRefine((target, ctx) => {
      const [low, high] = HEADLINE_RANGE[headlineKind(target.metric)];
      if (target.min < low || target.min > high) {
        ctx.addIssue({ code: 'custom', path: ['min'], message: `a ${target.metric} headline is ${low}…${high}${target.metric === 'ces' ? ' (the mean)' : target.metric === 'nps' ? '' : ' (percent)'}` });
      }
    })
    .transform((target) => ({ ...target, id: target.id ?? defaultTargetId(target.metric, target.touchpoint) }));

  /** A cluster node; `{ "env": … }` when its URL holds a password. */
  const NodeUrl = z.string().regex(/^rediss?:\/\/[^/]+$/, 'a redis://host:port or rediss://host:port URL');

  const Destination = z.discriminatedUnion('type', [webhookConfig(secret), hubspotConfig(secret), salesforceConfig(secret), zendeskConfig(secret), intercomConfig(secret), slackConfig(secret)]);

  return z
    .object({
      redis: z
        .object({
          url: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
          /**
           * A Redis Cluster (or a managed one in cluster mode): some of its nodes, `redis://[user:password@]host:port`
           * (`rediss://` for TLS), or `{ "env": … }` for a URL with a password; the others are found from them. When
           * set, `url` is not used.
           */
          cluster: z.object({ nodes: z.array(z.union([NodeUrl, secret.pipe(NodeUrl)])).min(1) }).optional(),
          prefix: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('feedloop'),
        })
        .default({ url: 'redis://127.0.0.1:6379', prefix: 'feedloop' }),
      ingest: z
        .object({
          host: z.string().default('127.0.0.1'),
          port: z.number().int().min(0).max(65535).default(8787),
          trustProxy: z.array(z.string()).default([]),
        })
        .default({ host: '127.0.0.1', port: 8787, trustProxy: [] }),
      privacy: z
        .object({
          /** What reaches Redis of the client's IP: nothing, its network (/24, /48), or a keyed hash. Never the address. */
          ip: z.enum(['drop', 'truncate', 'hash']).default('truncate'),
          /** The key of the IP hash (`{ "env": … }`); needed for `hash`, and keys the per-IP rate-limit counters. */
          ipSalt: secret.optional(),
          /** What the worker replaces in comments and string answers: e-mail addresses, phone numbers, card numbers. */
          redact: z.array(z.enum(['email', 'phone', 'card'])).default([]),
          /** Query parameters kept in `context.url` and `context.referrer`; every other one (and the fragment) is dropped. */
          keepQuery: z.array(z.string().min(1)).default([]),
        })
        .refine((p) => p.ip !== 'hash' || p.ipSalt !== undefined, { message: 'privacy.ip "hash" needs privacy.ipSalt', path: ['ipSalt'] })
        .default({ ip: 'truncate', redact: [], keepQuery: [] }),
      /** What the worker adds to each record (docs/enrichment.md). */
      enrich: z
        .object({
          /** A MaxMind-format (.mmdb) country database; a relative path is resolved against the config file's folder. */
          geoip: z.string().min(1).optional(),
          /** Topic keywords: a topic named here gets these keywords instead of the default ones; a new name adds a topic. */
          topics: TopicKeywords.optional(),
          /** `false` starts from no topics instead of the built-in English ones. */
          defaultTopics: z.boolean().default(true),
        })
        .default({ defaultTopics: true }),
      /** Bull Board and other admin pages answer only with this secret. Without it they are not mounted. */
      admin: z.object({ secret: secret.pipe(z.string().min(16, 'an admin secret is at least 16 characters')).optional() }).default({}),
      worker: z
        .object({
          /**
           * Where a worker-only process (`feedloop worker`) serves /metrics, /healthz and /admin/queues; without a port it
           * serves nothing (several worker processes on one host each need their own port; 0 picks a free one).
           */
          host: z.string().default('127.0.0.1'),
          port: z.number().int().min(0).max(65535).optional(),
          /** Parallel jobs on the events queue per process. */
          concurrency: z.number().int().min(1).max(1000).default(16),
          /** How long SIGTERM lets jobs in flight finish before the process gives up on them (they run again elsewhere). */
          shutdownMs: z.number().int().min(0).default(10_000),
          /**
           * Delivered jobs kept (their ids make a repeated fan-out a no-op): the newest `count`, for at most `ageSeconds`.
           * Failed ones stay 14 days, for `feedloop dlq`.
           */
          keepCompleted: z
            .object({ ageSeconds: z.number().int().min(1).default(24 * 3_600), count: z.number().int().min(1).default(10_000) })
            .default({ ageSeconds: 24 * 3_600, count: 10_000 }),
        })
        .default({ host: '127.0.0.1', concurrency: 16, shutdownMs: 10_000, keepCompleted: { ageSeconds: 24 * 3_600, count: 10_000 } }),
      insights: z
        .object({
          /** Days of daily counters kept (each day's counters expire this long after that day). */
          retentionDays: z.number().int().min(1).max(3_650).default(400),
          /** Targets whose breach raises `alert.target_missed` (docs/insights.md, "Targets and alerts"). */
          targets: z.array(Target).max(MAX_TARGETS).default([]),
          /** Raise `alert.detractor` for an unhappy rating (the metric's negative bucket) that has a comment. */
          detractorAlerts: z.boolean().default(true),
          /**
           * Requests a minute per site to the insights API, across every ingest instance. A dashboard load is about
           * a dozen; the cap keeps a runaway script from keeping Redis busy for the intake.
           */
          readsPerMinute: z.number().int().min(1).default(600),
        })
        .default({ retentionDays: 400, targets: [], detractorAlerts: true, readsPerMinute: 600 }),
      sites: z.array(Site).min(1, 'at least one site is needed'),
      destinations: z.array(Destination).default([]),
    })
    .superRefine((config, ctx) => {
      unique(config.sites.map((s) => s.id), ['sites'], 'id', ctx);
      unique(config.sites.map((s) => s.publicKey), ['sites'], 'publicKey', ctx);
      unique(config.destinations.map((d) => d.id), ['destinations'], 'id', ctx);
      unique(config.insights.targets.map((t) => t.id), ['insights', 'targets'], 'id', ctx);
      const siteIds = new Set(config.sites.map((site) => site.id));
      config.insights.targets.forEach((target, index) => {
        const unknown = target.sites?.filter((site) => !siteIds.has(site)) ?? [];
        if (unknown.length > 0) ctx.addIssue({ code: 'custom', path: ['insights', 'targets', index, 'sites'], message: `no site ${unknown.join(', ')} is configured` });
      });
      config.destinations.forEach((destination, index) => {
        if (ALERT_DESTINATIONS.has(destination.type)) return;
        const alerts = destination.when.types.filter((type) => type !== 'feedback.created');
        if (alerts.length > 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['destinations', index, 'when', 'types'],
            message: `${destination.type} takes ratings only; ${alerts.join(', ')} can go to slack, webhook or zendesk`,
          });
        }
      });
    });
}

function unique(values: string[], path: (string | number)[], field: string, ctx: z.RefinementCtx): void {
  values.forEach((value, index) => {
    // An id missing because its entry failed (a target's is set by a transform) is reported there, not here.
    if (value !== undefined && values.indexOf(value) !== index) {
      ctx.addIssue({ code: 'custom', path: [...path, index, field], message: `${field} "${value}" is used twice` });
    }
  });
}

export type Config = z.output<ReturnType<typeof configSchema>>;
export type SiteConfig = Config['sites'][number];
export type DestinationConfig = Config['destinations'][number];
export type WebhookDestinationConfig = Extract<DestinationConfig, { type: 'webhook' }>;
export type SalesforceDestinationConfig = Extract<DestinationConfig, { type: 'salesforce' }>;

/** Every secret a webhook destination signs with: `secrets` while rotating, else the one `secret`. */
export function webhookSecrets(destination: WebhookDestinationConfig): string[] {
  return destination.secrets ?? (destination.secret ? [destination.secret] : []);
}

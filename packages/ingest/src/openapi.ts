import { ERROR_CODES, LIMITS, METRIC_NAMES, wireJsonSchema } from '@feedloop/schema';
import { DASHBOARD_OPENAPI_PATHS } from './dashboard-routes.js';

const json = (schema: object) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json({ $ref: '#/components/schemas/Error' }) });
const nullableNumber = { type: ['number', 'null'] };
const counts = { type: 'object', additionalProperties: { type: 'integer' } };
const summary = {
  count: { type: 'integer' },
  histogram: { ...counts, description: 'Responses by rating value ("9": 12).' },
  buckets: { ...counts, description: "Responses by bucket, every bucket of the metric, best first." },
  headline: { ...nullableNumber, description: 'csat, emoji, thumbs, fcr: percent 0–100; nps: −100…100; ces: the mean 1–7. null without responses.' },
  ci95: { type: ['array', 'null'], items: { type: 'number' }, minItems: 2, maxItems: 2, description: '95 % confidence interval of the headline.' },
  easyPct: { ...nullableNumber, description: 'ces only: percent of responses 5–7.' },
};
const insightsParameters = [
  { name: 'site', in: 'query', required: true, schema: { type: 'string' }, description: "The site's id." },
  { name: 'metric', in: 'query', required: true, schema: { enum: [...METRIC_NAMES] } },
  { name: 'touchpoint', in: 'query', schema: { type: 'string', default: '*' }, description: 'A touchpoint or a glob (support.*).' },
  { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: 'First UTC day, included; default 29 days before to.' },
  { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Last UTC day, included; default today. At most 400 days from from.' },
  { name: 'groupBy', in: 'query', schema: { enum: ['day', 'week', 'touchpoint', 'channel', 'agent'], default: 'day' } },
];
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before sending again.', schema: { type: 'integer' } } };
const siteParameter = insightsParameters[0]!;
const commentsParameters = [
  siteParameter,
  { name: 'touchpoint', in: 'query', schema: { type: 'string', default: '*' }, description: 'A touchpoint or a glob (support.*).' },
  { name: 'metric', in: 'query', schema: { enum: [...METRIC_NAMES] }, description: 'Only comments on ratings of this metric; default every metric.' },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, description: 'At most this many comments.' },
];
/** The answers every insights route may give besides its own 200 and 400. */
const insightsErrors = {
  '401': error('SECRET_KEY_INVALID: no secret key, another site’s, or an unknown site.'),
  '429': { ...error('RATE_LIMITED: over `insights.readsPerMinute` (default 600) insights requests this minute for the site.'), headers: retryAfter },
  '503': { ...error('INSIGHTS_UNAVAILABLE.'), headers: retryAfter },
};
const nullableInterval = { type: ['array', 'null'], items: { type: 'number' }, minItems: 2, maxItems: 2 };
const insightsSchemas = {
  Comment: {
    type: 'object',
    required: ['id', 'timestamp', 'touchpoint', 'metric', 'value', 'bucket', 'comment', 'topics'],
    properties: {
      id: { type: 'string' },
      timestamp: { type: 'string', format: 'date-time' },
      touchpoint: { type: 'string' },
      metric: { enum: [...METRIC_NAMES] },
      value: { type: 'integer' },
      bucket: { type: 'string' },
      comment: { type: 'string', description: 'Redacted per privacy.redact.' },
      sentiment: { type: 'object', properties: { score: { type: 'number' }, label: { enum: ['positive', 'neutral', 'negative'] } } },
      topics: { type: 'array', items: { type: 'string' } },
      channel: { type: 'string' },
      agentId: { type: 'string' },
    },
  },
  Comments: { type: 'object', required: ['site', 'comments'], properties: { site: { type: 'string' }, comments: { type: 'array', items: { $ref: '#/components/schemas/Comment' } } } },
  Target: {
    type: 'object',
    required: ['id', 'metric', 'touchpoint', 'min', 'minResponses', 'windowDays', 'window', 'met', 'breached', 'breachedSince'],
    properties: {
      id: { type: 'string' },
      metric: { enum: [...METRIC_NAMES] },
      touchpoint: { type: 'string' },
      min: { type: 'number' },
      minResponses: { type: 'integer' },
      windowDays: { type: 'integer' },
      window: {
        type: 'object',
        required: ['from', 'to', 'count', 'headline', 'ci95'],
        properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, count: { type: 'integer' }, headline: nullableNumber, ci95: nullableInterval },
      },
      met: { type: ['boolean', 'null'], description: 'headline ≥ min; null with fewer than minResponses responses.' },
      breached: { type: 'boolean', description: 'The worker holds a breach open (it alerted, and no rating since found the window back).' },
      breachedSince: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  Targets: { type: 'object', required: ['site', 'targets'], properties: { site: { type: 'string' }, targets: { type: 'array', items: { $ref: '#/components/schemas/Target' } } } },
};

/** The intake's API as OpenAPI 3.1; a test keeps its paths in step with the routes the server really has. */
export function openApiDocument(version: string): Record<string, unknown> {
  const wire = wireJsonSchema();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Feedloop ingest',
      version,
      description: `Takes ratings from the widget and from servers and queues them. Limits after decompression: ${LIMITS.eventBytes} bytes per event, ${LIMITS.requestBytes} bytes per request, ${LIMITS.batchEvents} events per batch.`,
    },
    components: {
      securitySchemes: {
        publicKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Feedloop-Key' },
        publicKeyQuery: { type: 'apiKey', in: 'query', name: 'key' },
        secretKey: { type: 'http', scheme: 'bearer', description: "The site's secret key; required when the request has no Origin." },
      },
      schemas: {
        Body: wire,
        Accepted: {
          type: 'object',
          required: ['accepted', 'duplicates', 'rejected', 'warnings'],
          properties: {
            accepted: { type: 'integer' },
            duplicates: { type: 'integer' },
            rejected: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  index: { type: 'integer' },
                  id: { type: 'string' },
                  code: { type: 'string', enum: Object.keys(ERROR_CODES) },
                  message: { type: 'string' },
                  issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
                },
              },
            },
            warnings: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        InsightsRow: { type: 'object', required: ['key', 'count', 'histogram', 'buckets', 'headline', 'ci95'], properties: { key: { type: 'string' }, ...summary } },
        Insights: {
          type: 'object',
          required: ['site', 'metric', 'from', 'to', 'groupBy', 'rows', 'total'],
          properties: {
            site: { type: 'string' },
            metric: { enum: [...METRIC_NAMES] },
            from: { type: 'string', format: 'date' },
            to: { type: 'string', format: 'date' },
            groupBy: { enum: ['day', 'week', 'touchpoint', 'channel', 'agent'] },
            rows: { type: 'array', items: { $ref: '#/components/schemas/InsightsRow' } },
            total: {
              type: 'object',
              required: ['count', 'histogram', 'buckets', 'headline', 'ci95', 'previous', 'change', 'significant'],
              properties: {
                ...summary,
                previous: {
                  type: 'object',
                  required: ['count', 'headline', 'complete'],
                  properties: { count: { type: 'integer' }, headline: nullableNumber, complete: { type: 'boolean', description: 'false: part of the period is older than insights.retentionDays; not compared.' } },
                  description: 'The period of the same length just before from.',
                },
                change: { ...nullableNumber, description: 'headline − previous.headline, in the headline’s units; null when either is null or previous is not complete.' },
                significant: { type: 'boolean', description: 'The change is significant at α = 0.05 (two-sided); false when previous is not complete.' },
              },
            },
          },
        },
        ...insightsSchemas,
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', enum: Object.keys(ERROR_CODES) }, message: { type: 'string' } } },
          },
        },
      },
    },
    security: [{ publicKeyHeader: [] }, { publicKeyQuery: [] }, { publicKeyHeader: [], secretKey: [] }],
    paths: {
      '/v1/events': {
        post: {
          summary: 'Send one event or a batch',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } }, 'text/plain': { schema: { $ref: '#/components/schemas/Body' } } } },
          parameters: [{ name: 'Content-Encoding', in: 'header', schema: { enum: ['gzip', 'identity'] } }],
          responses: {
            '202': { description: 'Accepted event by event.', content: json({ $ref: '#/components/schemas/Accepted' }) },
            '400': error('BODY_INVALID: nothing in the body is valid (the body also carries `rejected`).'),
            '401': error('KEY_MISSING, KEY_UNKNOWN or SECRET_KEY_INVALID.'),
            '403': error('ORIGIN_FORBIDDEN.'),
            '413': error('PAYLOAD_TOO_LARGE.'),
            '415': error('UNSUPPORTED_MEDIA_TYPE.'),
            '429': { ...error('RATE_LIMITED.'), headers: retryAfter },
            '503': { ...error('QUEUE_UNAVAILABLE.'), headers: retryAfter },
          },
        },
        options: { summary: 'CORS preflight, for allowed origins only', responses: { '204': { description: 'Allowed.' }, '403': error('ORIGIN_FORBIDDEN.') } },
      },
      '/v1/insights': {
        get: {
          summary: "A site's metric by day, week, touchpoint, channel or agent, with the change against the previous period",
          security: [{ secretKey: [] }],
          parameters: insightsParameters,
          responses: {
            '200': { description: 'Rows and total.', content: json({ $ref: '#/components/schemas/Insights' }) },
            '400': error('QUERY_INVALID (the body also carries `issues`).'),
            ...insightsErrors,
          },
        },
      },
      '/v1/insights/comments': {
        get: {
          summary: "A site's latest comments, newest first, by touchpoint and metric",
          security: [{ secretKey: [] }],
          parameters: commentsParameters,
          responses: {
            '200': { description: 'The comments.', content: json({ $ref: '#/components/schemas/Comments' }) },
            '400': error('QUERY_INVALID (the body also carries `issues`).'),
            ...insightsErrors,
          },
        },
      },
      '/v1/insights/targets': {
        get: {
          summary: "The site's targets: each rolling window, whether it meets the target, and the breach state",
          security: [{ secretKey: [] }],
          parameters: [siteParameter],
          responses: {
            '200': { description: 'The targets that apply to the site.', content: json({ $ref: '#/components/schemas/Targets' }) },
            '400': error('QUERY_INVALID (the body also carries `issues`).'),
            ...insightsErrors,
          },
        },
      },
      '/healthz': { get: { summary: 'The process is up', security: [], responses: { '200': { description: 'Up.' } } } },
      '/readyz': { get: { summary: 'Redis is reachable', security: [], responses: { '200': { description: 'Ready.' }, '503': { description: 'Redis is not reachable.' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', security: [], responses: { '200': { description: 'Text exposition format.' } } } },
      '/v1/widget.js': { get: { summary: 'The widget for a script tag (ETag, a day of caching)', security: [], responses: { '200': { description: 'JavaScript.' }, '304': { description: 'Not modified.' } } } },
      '/widget/{file}': {
        get: {
          summary: 'The widget builds and language files (feedloop.iife.js, feedloop.mjs, locales/<lang>.json)',
          security: [],
          parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The file.' }, '304': { description: 'Not modified.' }, '404': error('NOT_FOUND.') },
        },
      },
      ...DASHBOARD_OPENAPI_PATHS,
      '/v1/schema.json': { get: { summary: 'The JSON Schema of the request body', security: [], responses: { '200': { description: 'JSON Schema 2020-12.' } } } },
      '/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1.' } } } },
    },
  };
}

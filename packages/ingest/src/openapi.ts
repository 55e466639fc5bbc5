import { ERROR_CODES, LIMITS, wireJsonSchema } from '@feedloop/schema';

const json = (schema: object) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json({ $ref: '#/components/schemas/Error' }) });
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before sending again.', schema: { type: 'integer' } } };

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
      '/v1/schema.json': { get: { summary: 'The JSON Schema of the request body', security: [], responses: { '200': { description: 'JSON Schema 2020-12.' } } } },
      '/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1.' } } } },
    },
  };
}

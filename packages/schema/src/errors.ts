/**
 * The one registry of error codes. Zod-free so that the widget can share it.
 * Every code here is documented in docs/errors.md; a test keeps the two in step.
 */

export interface ErrorDefinition {
  /** HTTP status when the error answers a request; per-event codes use the status their event would have had alone. */
  readonly status: number;
  readonly message: string;
}

export const ERROR_CODES = {
  // Ingest: who may send
  KEY_MISSING: { status: 401, message: 'No site key: send it in the X-Feedloop-Key header or the ?key= query parameter.' },
  KEY_UNKNOWN: { status: 401, message: 'The site key is not known to this server.' },
  ORIGIN_FORBIDDEN: { status: 403, message: "The request's Origin is not among the site's allowed origins." },
  SECRET_KEY_INVALID: { status: 401, message: "A request without an Origin must carry the site's secret key: Authorization: Bearer sk_…" },
  RATE_LIMITED: { status: 429, message: 'Too many requests; retry after the time in Retry-After.' },
  // Ingest: what may be sent
  BODY_INVALID: { status: 400, message: 'The body holds no valid event.' },
  EVENT_INVALID: { status: 400, message: 'The event breaks the wire format.' },
  EVENT_TOO_LARGE: { status: 413, message: 'The event is larger than 32 KB.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is larger than the limit (500 KB, or 100 events per batch).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send application/json or text/plain, optionally with Content-Encoding: gzip.' },
  QUEUE_UNAVAILABLE: { status: 503, message: 'The queue is unavailable; nothing was accepted, retry after the time in Retry-After.' },
  NOT_FOUND: { status: 404, message: 'No such route.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  // Insights API (GET /v1/insights)
  QUERY_INVALID: { status: 400, message: 'The query parameters are invalid.' },
  INSIGHTS_UNAVAILABLE: { status: 503, message: 'The insights counters cannot be read right now; retry after the time in Retry-After.' },
  // Admin pages (Bull Board at /admin/queues)
  ADMIN_UNAUTHORIZED: { status: 401, message: 'The admin pages need the admin secret: HTTP Basic with it as the password, or Authorization: Bearer <secret>.' },
  // Configuration
  CONFIG_INVALID: { status: 500, message: 'The configuration is invalid.' },
  CONFIG_UNREADABLE: { status: 500, message: 'The configuration file could not be read.' },
  // Webhook verification (@feedloop/webhooks)
  WEBHOOK_HEADERS_MISSING: { status: 400, message: 'A webhook-id, webhook-timestamp or webhook-signature header is missing.' },
  WEBHOOK_TIMESTAMP_INVALID: { status: 400, message: 'The webhook timestamp is too old, too far in the future, or not a number.' },
  WEBHOOK_SIGNATURE_INVALID: { status: 401, message: 'No webhook signature matches the body with the given secret.' },
  WEBHOOK_SECRET_INVALID: { status: 500, message: 'The webhook secret is not a whsec_ prefixed base64 key.' },
  WEBHOOK_PAYLOAD_INVALID: { status: 400, message: 'The webhook body is not a valid Feedloop event.' },
  // Widget (@feedloop/widget)
  WIDGET_OPTIONS_INVALID: { status: 400, message: 'The widget options are invalid.' },
  WIDGET_SEND_FAILED: { status: 503, message: 'The rating could not be sent yet; it waits in the outbox.' },
  WIDGET_RATING_REJECTED: { status: 400, message: 'The server refused the rating for good.' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** An Error that carries a registry code, its HTTP status, and optional details. */
export class FeedloopError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'FeedloopError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export function errorBody(code: ErrorCode, message?: string): ErrorBody {
  return { error: { code, message: message ?? ERROR_CODES[code].message } };
}

export type ZendeskFailure =
  | 'throttle' // 429 + Retry-After
  | 'throttle-without-retry-after' // 429 with only the ratelimit-* headers (seen in the wild)
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'conflict' // 409
  | 'invalid' // 422 RecordInvalid
  | 'server-error' // 500
  | 'unavailable' // 503 without Retry-After
  | 'database-timeout' // 503 with Retry-After
  | 'hang' // never answers
  | 'lose-response'; // creates the ticket, then drops the connection without answering

/** The fixture each failure answers with; the others are not a recorded answer. */
export const FAILURE_FIXTURES: Partial<Record<ZendeskFailure, string>> = {
  throttle: 'answer-429-rate-limited.json',
  unauthorized: 'answer-401-unauthorized.json',
  forbidden: 'answer-403-forbidden.json',
  'not-found': 'answer-404-invalid-endpoint.json',
  conflict: 'answer-409-conflict.json',
  invalid: 'answer-422-record-invalid.json',
  'server-error': 'answer-500-server-error.json',
  unavailable: 'answer-503-unavailable.json',
  'database-timeout': 'answer-503-database-timeout.json',
};

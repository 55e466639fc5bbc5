import { fixture } from './hubspot-fixture.js';

/** A programmed failure: the next `times` requests whose path contains `path` get this answer instead. */
export interface Fault {
  path?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (until the server closes). */
  hang?: boolean;
  times?: number;
}

/** The failures HubSpot documents, ready to program. */
export const faults = {
  tenSecondly: (retryAfterSeconds?: number): Fault => ({
    status: 429,
    body: fixture('error-429-ten-secondly-rolling.json'),
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
  }),
  daily: (retryAfterSeconds?: number): Fault => ({
    status: 429,
    body: fixture('error-429-daily.json'),
    headers: { 'x-hubspot-ratelimit-daily-remaining': '0', ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }) },
  }),
  locked: (): Fault => ({ status: 423, body: { status: 'error', message: 'Locked: too many writes to these records at once; retry after 2 seconds', category: 'LOCKED' } }),
  migration: (retryAfterSeconds: number): Fault => ({
    status: 477,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { status: 'error', message: 'Migration in progress', category: 'MIGRATION_IN_PROGRESS' },
  }),
  unauthorized: (): Fault => ({ status: 401, body: fixture('error-401-invalid-authentication.json') }),
  missingScopes: (): Fault => ({ status: 403, body: fixture('error-403-missing-scopes.json') }),
  serverError: (status = 502): Fault => ({ status, body: { status: 'error', message: 'internal error', category: 'INTERNAL_ERROR' } }),
  notFound: (): Fault => ({ status: 404, body: { status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' } }),
  conflict: (): Fault => ({ status: 409, body: { status: 'error', message: 'Contact already exists. Existing ID: 51', category: 'CONFLICT' } }),
  hang: (): Fault => ({ hang: true }),
};

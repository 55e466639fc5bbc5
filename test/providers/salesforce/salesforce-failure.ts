import { Reply } from './reply.js';
import { fixture } from './salesforce-fixture.js';

export type SalesforceFailure =
  | 'INVALID_SESSION_ID' // 401, whatever the token
  | 'REQUEST_LIMIT_EXCEEDED' // 403, daily allocation used up
  | 'CONCURRENT_LIMIT' // 403 REQUEST_LIMIT_EXCEEDED for concurrent long-running requests
  | 'UNABLE_TO_LOCK_ROW' // 400
  | 'API_DISABLED' // 403, not a limit
  | 'SERVER_UNAVAILABLE' // 503
  | 'SERVER_ERROR' // 500
  | 'MULTIPLE_CHOICES' // 300, external id on several rows
  | 'hang'; // never answers

/** The documented answer to a programmed failure, or 'hang' for none. */
export function failureReply(failure: SalesforceFailure): Reply | 'hang' {
  switch (failure) {
    case 'hang': return 'hang';
    case 'INVALID_SESSION_ID': return new Reply(401, fixture('error-invalid-session'));
    case 'REQUEST_LIMIT_EXCEEDED': return new Reply(403, fixture('error-request-limit'));
    case 'CONCURRENT_LIMIT': return new Reply(403, fixture('error-concurrent-limit'));
    case 'UNABLE_TO_LOCK_ROW': return new Reply(400, fixture('error-unable-to-lock-row'));
    case 'API_DISABLED': return new Reply(403, fixture('error-api-disabled'));
    case 'SERVER_UNAVAILABLE': return new Reply(503, fixture('error-server-unavailable'));
    case 'SERVER_ERROR': return new Reply(500, fixture('error-server-error'));
    case 'MULTIPLE_CHOICES': return new Reply(300, fixture('upsert-multiple-choices'));
  }
}

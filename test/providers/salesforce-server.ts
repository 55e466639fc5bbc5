/**
 * A fake Salesforce org for adapter tests: REST API (sObject upsert by external id, sObject Collections upsert and
 * create) and the OAuth token endpoint, on 127.0.0.1. It checks what Salesforce documents (method, path, bearer token,
 * JSON content type, attributes.type, external id, known and required fields, ≤ 200 records), answers with the
 * documented bodies (test/fixtures/salesforce) and `Sforce-Limit-Info`, and can be told to fail in each documented way.
 */
import { listenLocally } from './listen-locally.js';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiUsage } from './salesforce/api-usage.js';
import { RecordStore, type StoredRecord } from './salesforce/record-store.js';
import { errorBody, Reply } from './salesforce/reply.js';
import { failureReply, type SalesforceFailure } from './salesforce/salesforce-failure.js';
import { fixture } from './salesforce/salesforce-fixture.js';
import { SCHEMAS } from './salesforce/schemas.js';
import { TokenEndpoint } from './salesforce/token-endpoint.js';
import type { RecordError } from './salesforce/validate-record.js';

export type { RecordError, SalesforceFailure, StoredRecord };

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeSalesforceOptions {
  apiVersion?: string;
  /** A token valid from the start; omit to require a token request first. */
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  apiLimit?: number;
  apiUsed?: number;
  /** Delay of each token answer, so that concurrent callers overlap. */
  tokenDelayMs?: number;
}

export interface FakeSalesforce {
  url: string;
  tokenUrl: string;
  requests: SeenRequest[];
  /** Successful token requests (each issues a new access token). */
  readonly tokensIssued: number;
  tokenRequests: Record<string, string>[];
  /** Records of an object, by Salesforce id. */
  records(object: string): StoredRecord[];
  byExternalId(object: string, field: string, value: string): StoredRecord | undefined;
  /** The next `times` API requests (those whose path matches `path`, when given) fail this way. */
  failNext(failure: SalesforceFailure, times?: number, path?: RegExp): void;
  /** The next composite upsert of this external id gets this per-record error. */
  failRecord(externalId: string, error: RecordError, times?: number): void;
  /** Every issued token becomes invalid: the next API call answers 401 INVALID_SESSION_ID until a new token. */
  expireSessions(): void;
  /** The next token requests fail: 400 with the given OAuth error, or a status. */
  failToken(failure: 'invalid_grant' | 'invalid_client' | 500, times?: number): void;
  setUsage(used: number, limit?: number): void;
  close(): Promise<void>;
}

export async function startFakeSalesforce(options: FakeSalesforceOptions = {}): Promise<FakeSalesforce> {
  const version = options.apiVersion ?? 'v66.0';
  const clientId = options.clientId ?? 'client-id';
  const clientSecret = options.clientSecret ?? 'client-secret';
  const refreshToken = options.refreshToken ?? 'refresh-token';
  const validTokens = new Set<string>(options.accessToken ? [options.accessToken] : []);
  const store = new RecordStore();
  const failures: { failure: SalesforceFailure; path?: RegExp }[] = [];
  const recordFailures = new Map<string, RecordError[]>();
  const requests: SeenRequest[] = [];
  const usage = new ApiUsage(options.apiUsed ?? 0, options.apiLimit ?? 100_000);
  let base = '';
  const tokens = new TokenEndpoint({ clientId, clientSecret, refreshToken, delayMs: options.tokenDelayMs }, validTokens, () => base);

  const recordError = (externalId: string): RecordError | undefined => {
    const queue = recordFailures.get(externalId);
    const error = queue?.shift();
    if (queue && queue.length === 0) recordFailures.delete(externalId);
    return error;
  };

  function checkObject(object: string, field?: string): Reply | undefined {
    const schema = SCHEMAS[object];
    if (!schema) return new Reply(404, errorBody('NOT_FOUND', 'The requested resource does not exist'));
    if (field !== undefined && !schema.externalIds.includes(field)) {
      return new Reply(404, errorBody('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`));
    }
    return undefined;
  }

  function parseJson(text: string): Record<string, unknown> | Reply {
    try {
      const value = JSON.parse(text) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // below
    }
    return new Reply(400, errorBody('JSON_PARSER_ERROR', 'The request body is not a JSON object'));
  }

  function api(method: string, path: string, headers: IncomingHttpHeaders, text: string): Reply | 'hang' {
    const auth = headers.authorization ?? '';
    const token = /^Bearer (\S+)$/.exec(auth)?.[1];
    if (!token || !validTokens.has(token)) return new Reply(401, fixture('error-invalid-session'));
    const index = failures.findIndex((f) => !f.path || f.path.test(path));
    const failure = index >= 0 ? failures.splice(index, 1)[0]!.failure : undefined;
    if (failure) return failureReply(failure);
    if (!/^application\/json\b/.test(headers['content-type'] ?? '')) {
      return new Reply(415, errorBody('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json'));
    }
    const prefix = `/services/data/${version}`;
    if (!path.startsWith(`${prefix}/`)) return new Reply(404, errorBody('NOT_FOUND', 'The requested resource does not exist'));
    const rest = path.slice(prefix.length).split('/').map(decodeURIComponent);
    const body = parseJson(text);
    if (body instanceof Reply) return body;

    // PATCH /sobjects/<object>/<externalIdField>/<value>
    if (rest[1] === 'sobjects' && rest.length === 5 && method === 'PATCH') {
      const [, , object, field, value] = rest as [string, string, string, string, string];
      const problem = checkObject(object, field);
      if (problem) return problem;
      if (field in body) return new Reply(400, errorBody('INVALID_FIELD', `${field} is in the URL; leave it out of the body`, [field]));
      const result = store.upsert(object, field, value, body);
      if ('statusCode' in result) return new Reply(400, errorBody(result.statusCode, result.message, result.fields));
      return new Reply(result.created ? 201 : 200, { id: result.id, errors: [], success: true, created: result.created });
    }

    // /composite/sobjects[/<object>/<externalIdField>]
    if (rest[1] === 'composite' && rest[2] === 'sobjects') {
      const records = body.records;
      if (!Array.isArray(records) || records.length === 0) return new Reply(400, errorBody('INVALID_FIELD', 'records is required'));
      if (records.length > 200) return new Reply(400, errorBody('EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call'));
      if (body.allOrNone !== undefined && typeof body.allOrNone !== 'boolean') return new Reply(400, errorBody('JSON_PARSER_ERROR', 'allOrNone is a boolean'));
      const upserting = rest.length === 5 && method === 'PATCH';
      const creating = rest.length === 3 && method === 'POST';
      if (!upserting && !creating) return new Reply(405, errorBody('METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed`));
      const [object, field] = upserting ? [rest[3]!, rest[4]!] : [undefined, undefined];
      if (object) {
        const problem = checkObject(object, field);
        if (problem) return problem;
      }
      const results = (records as Record<string, unknown>[]).map((record) => {
        const type = (record.attributes as { type?: unknown } | undefined)?.type;
        if (typeof type !== 'string' || (object && type !== object)) {
          return { success: false, errors: [{ statusCode: 'INVALID_TYPE', message: `attributes.type must be ${object ?? 'an sObject'}`, fields: [] }] };
        }
        if (!object && !SCHEMAS[type]) return { success: false, errors: [{ statusCode: 'INVALID_TYPE', message: `sObject type '${type}' is not supported`, fields: [] }] };
        if (field) {
          const value = record[field];
          if (typeof value !== 'string' || !value) {
            return { success: false, errors: [{ statusCode: 'MISSING_ARGUMENT', message: `${field} not specified`, fields: [field] }] };
          }
          const injected = recordError(value);
          if (injected) return { success: false, errors: [{ fields: [], ...injected }] };
          const { [field]: _ext, ...fields } = record;
          const result = store.upsert(object!, field, value, fields);
          if ('statusCode' in result) return { success: false, errors: [{ fields: [], ...result }] };
          return { id: result.id, success: true, errors: [], created: result.created };
        }
        const result = store.create(type, record);
        if ('statusCode' in result) return { success: false, errors: [{ fields: [], ...result }] };
        return { id: result.id, success: true, errors: [] };
      });
      return new Reply(200, results);
    }
    return new Reply(404, errorBody('NOT_FOUND', 'The requested resource does not exist'));
  }

  const server = await listenLocally((req, text, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const method = req.method ?? 'GET';
    requests.push({ method, path, headers: req.headers, body: text });
    if (path === '/services/oauth2/token') return void tokens.answer(req, text, res);
    const reply = api(method, path, req.headers, text);
    // Never answered: close() ends the connection.
    if (reply === 'hang') return;
    const headers = usage.count();
    if (reply.body === undefined) return void res.writeHead(reply.status, headers).end();
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(reply.body));
  });
  base = server.url;

  return {
    url: base,
    tokenUrl: `${base}/services/oauth2/token`,
    requests,
    tokenRequests: tokens.requests,
    get tokensIssued() {
      return tokens.tokensIssued;
    },
    records: (object) => [...store.table(object).values()],
    byExternalId: (object, field, value) => store.findByExt(object, field, value)[0],
    failNext(failure, times = 1, path) {
      for (let i = 0; i < times; i += 1) failures.push({ failure, ...(path ? { path } : {}) });
    },
    failRecord(externalId, error, times = 1) {
      const queue = recordFailures.get(externalId) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(error);
      recordFailures.set(externalId, queue);
    },
    expireSessions() {
      validTokens.clear();
    },
    failToken(failure, times = 1) {
      tokens.fail(failure, times);
    },
    setUsage(used, limit) {
      usage.used = used;
      if (limit !== undefined) usage.limit = limit;
    },
    close: () => server.close(),
  };
}

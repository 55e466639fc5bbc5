/**
 * A fake Salesforce org for adapter tests: REST API (sObject upsert by external id, sObject Collections upsert and
 * create) and the OAuth token endpoint, on 127.0.0.1. It checks what Salesforce documents (method, path, bearer token,
 * JSON content type, attributes.type, external id, known and required fields, ≤ 200 records), answers with the
 * documented bodies (test/fixtures/salesforce) and `Sforce-Limit-Info`, and can be told to fail in each documented way.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/salesforce/${name}.json`, import.meta.url), 'utf8'));

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

export interface RecordError {
  statusCode: string;
  message: string;
  fields?: string[];
}

interface ObjectSchema {
  prefix: string;
  fields: readonly string[];
  externalIds: readonly string[];
  required: readonly string[];
}

const FEEDBACK_FIELDS = [
  'Metric__c', 'Value__c', 'Score__c', 'Bucket__c', 'Touchpoint__c', 'Comment__c', 'Page_Url__c', 'Email__c',
  'Responded_At__c', 'Sentiment__c', 'Site__c', 'User_Id__c', 'Topics__c',
];

const SCHEMAS: Record<string, ObjectSchema> = {
  Feedback__c: { prefix: 'a0B', fields: FEEDBACK_FIELDS, externalIds: ['Feedback_Id__c'], required: ['Metric__c', 'Value__c'] },
  Task: { prefix: '00T', fields: ['Subject', 'Description', 'WhatId', 'WhoId', 'Status', 'Priority', 'OwnerId'], externalIds: ['Feedback_Id__c'], required: [] },
  Case: { prefix: '500', fields: ['Subject', 'Description', 'SuppliedEmail', 'SuppliedName', 'Origin', 'Priority', 'OwnerId', 'Status'], externalIds: ['Feedback_Id__c'], required: [] },
};

export interface StoredRecord {
  Id: string;
  fields: Record<string, unknown>;
  writes: number;
}

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

class Reply {
  constructor(readonly status: number, readonly body?: unknown) {}
}

export async function startFakeSalesforce(options: FakeSalesforceOptions = {}): Promise<FakeSalesforce> {
  const version = options.apiVersion ?? 'v66.0';
  const clientId = options.clientId ?? 'client-id';
  const clientSecret = options.clientSecret ?? 'client-secret';
  const refreshToken = options.refreshToken ?? 'refresh-token';
  const validTokens = new Set<string>(options.accessToken ? [options.accessToken] : []);
  const store = new Map<string, Map<string, StoredRecord>>();
  const failures: { failure: SalesforceFailure; path?: RegExp }[] = [];
  const recordFailures = new Map<string, RecordError[]>();
  const tokenFailures: ('invalid_grant' | 'invalid_client' | 500)[] = [];
  const requests: SeenRequest[] = [];
  const tokenRequests: Record<string, string>[] = [];
  const hanging: ServerResponse[] = [];
  let apiUsed = options.apiUsed ?? 0;
  let apiLimit = options.apiLimit ?? 100_000;
  let tokensIssued = 0;
  let nextId = 1;
  let base = '';

  const table = (object: string) => {
    let map = store.get(object);
    if (!map) store.set(object, (map = new Map()));
    return map;
  };
  const newId = (object: string) => `${SCHEMAS[object]!.prefix}5e${String(nextId++).padStart(10, '0')}AAA`;
  const findByExt = (object: string, field: string, value: string) =>
    [...table(object).values()].filter((record) => record.fields[field] === value);

  const errorBody = (errorCode: string, message: string, fields?: string[]) => [{ message, errorCode, ...(fields ? { fields } : {}) }];

  /** Field checks as Salesforce does them for one record; undefined when valid. */
  function validate(object: string, fields: Record<string, unknown>, creating: boolean): RecordError | undefined {
    const schema = SCHEMAS[object]!;
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'attributes') continue;
      if (!schema.fields.includes(name) && !schema.externalIds.includes(name)) {
        return { statusCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type ${object}`, fields: [name] };
      }
      if (value !== null && typeof value === 'object') {
        return { statusCode: 'JSON_PARSER_ERROR', message: `Cannot deserialize instance of ${name} from an object value`, fields: [name] };
      }
      if (typeof value === 'string' && value.length > 255 && !['Comment__c', 'Description'].includes(name)) {
        return { statusCode: 'STRING_TOO_LONG', message: `${name}: data value too large`, fields: [name] };
      }
    }
    if (fields.Email__c !== undefined && !/^[^@\s]+@[^@\s]+$/.test(String(fields.Email__c))) {
      return { statusCode: 'INVALID_EMAIL_ADDRESS', message: `Email: invalid email address: ${String(fields.Email__c)}`, fields: ['Email__c'] };
    }
    if (fields.Value__c !== undefined && typeof fields.Value__c !== 'number') {
      return { statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: 'Value: value not of required type', fields: ['Value__c'] };
    }
    if (fields.WhatId !== undefined && !findRecordById(String(fields.WhatId))) {
      return { statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'Related To ID: id value of incorrect type', fields: ['WhatId'] };
    }
    if (creating) {
      const missing = schema.required.filter((name) => fields[name] === undefined || fields[name] === null);
      if (missing.length > 0) return { statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing };
    }
    return undefined;
  }

  function findRecordById(id: string): StoredRecord | undefined {
    for (const map of store.values()) if (map.has(id)) return map.get(id);
    return undefined;
  }

  /** One upsert by external id; the UpsertResult, or an error. */
  function upsert(object: string, field: string, value: string, fields: Record<string, unknown>): { id: string; created: boolean } | RecordError {
    const matches = findByExt(object, field, value);
    const { attributes: _attributes, ...values } = fields;
    const error = validate(object, values, matches.length === 0);
    if (error) return error;
    if (matches.length > 1) return { statusCode: 'DUPLICATE_EXTERNAL_ID', message: `${field}: more than one record found for external id field: [${value}]`, fields: [field] };
    const existing = matches[0];
    if (existing) {
      Object.assign(existing.fields, values);
      existing.writes += 1;
      return { id: existing.Id, created: false };
    }
    const id = newId(object);
    table(object).set(id, { Id: id, fields: { ...values, [field]: value }, writes: 1 });
    return { id, created: true };
  }

  function create(object: string, fields: Record<string, unknown>): { id: string } | RecordError {
    const { attributes: _attributes, ...values } = fields;
    const error = validate(object, values, true);
    if (error) return error;
    const id = newId(object);
    table(object).set(id, { Id: id, fields: values, writes: 1 });
    return { id };
  }

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
      case undefined: break;
    }
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
      const result = upsert(object, field, value, body);
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
          const result = upsert(object!, field, value, fields);
          if ('statusCode' in result) return { success: false, errors: [{ fields: [], ...result }] };
          return { id: result.id, success: true, errors: [], created: result.created };
        }
        const result = create(type, record);
        if ('statusCode' in result) return { success: false, errors: [{ fields: [], ...result }] };
        return { id: result.id, success: true, errors: [] };
      });
      return new Reply(200, results);
    }
    return new Reply(404, errorBody('NOT_FOUND', 'The requested resource does not exist'));
  }

  /** The token endpoint's answer to one form-encoded request. */
  function token(params: Record<string, string>): Reply {
    const failure = tokenFailures.shift();
    if (failure === 500) return new Reply(500, { error: 'server_error', error_description: 'internal error' });
    if (failure === 'invalid_grant') return new Reply(400, fixture('token-invalid-grant'));
    if (failure === 'invalid_client') return new Reply(400, fixture('token-invalid-client'));
    if (params.client_id !== clientId || params.client_secret !== clientSecret) return new Reply(400, fixture('token-invalid-client'));
    if (params.grant_type === 'refresh_token') {
      if (params.refresh_token !== refreshToken) return new Reply(400, fixture('token-invalid-grant'));
    } else if (params.grant_type !== 'client_credentials') {
      return new Reply(400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    tokensIssued += 1;
    const accessToken = `00D5e000000ABCD!fake.${tokensIssued}`;
    validTokens.add(accessToken);
    return new Reply(200, { ...(fixture('token-response') as object), access_token: accessToken, instance_url: base, issued_at: String(Date.now()) });
  }

  async function answerToken(req: IncomingMessage, text: string, res: ServerResponse): Promise<void> {
    const json = (reply: Reply) => res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    if (req.method !== 'POST') return void res.writeHead(405).end();
    if (!/^application\/x-www-form-urlencoded\b/.test(req.headers['content-type'] ?? '')) {
      return void json(new Reply(400, { error: 'invalid_request', error_description: 'must use application/x-www-form-urlencoded' }));
    }
    const params = Object.fromEntries(new URLSearchParams(text));
    tokenRequests.push(params);
    if (options.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, options.tokenDelayMs));
    json(token(params));
  }

  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const method = req.method ?? 'GET';
      requests.push({ method, path, headers: req.headers, body: text });
      if (path === '/services/oauth2/token') return void answerToken(req, text, res);
      const reply = api(method, path, req.headers, text);
      if (reply === 'hang') return hanging.push(res);
      apiUsed += 1;
      const headers: Record<string, string> = { 'sforce-limit-info': `api-usage=${apiUsed}/${apiLimit}` };
      if (reply.body === undefined) return res.writeHead(reply.status, headers).end();
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    url: base,
    tokenUrl: `${base}/services/oauth2/token`,
    requests,
    tokenRequests,
    get tokensIssued() {
      return tokensIssued;
    },
    records: (object) => [...table(object).values()],
    byExternalId: (object, field, value) => findByExt(object, field, value)[0],
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
      for (let i = 0; i < times; i += 1) tokenFailures.push(failure);
    },
    setUsage(used, limit) {
      apiUsed = used;
      if (limit !== undefined) apiLimit = limit;
    },
    close() {
      for (const res of hanging.splice(0)) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

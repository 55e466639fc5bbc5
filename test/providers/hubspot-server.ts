import type { IncomingHttpHeaders } from 'node:http';
import { listenLocally } from './listen-locally.js';
import { associate } from './hubspot/associate.js';
import { faults, type Fault } from './hubspot/faults.js';
import { fixture } from './hubspot/hubspot-fixture.js';
import { defaultContactProperties, NOTE_PROPERTIES, type PropertyType } from './hubspot/properties.js';
import { RateLimit } from './hubspot/rate-limit.js';
import { checkProperties, inputsOf, RequestError, validation } from './hubspot/request-validation.js';
import type { Association, StoredObject } from './hubspot/stored-object.js';

export { defaultContactProperties, faults, fixture, type Association, type Fault, type PropertyType, type StoredObject };

/**
 * A local stand-in for HubSpot's CRM API, as far as the HubSpot destination uses it: contact batch upsert by
 * e-mail, note batch upsert by a unique note property, and the default note → contact association. It checks
 * what HubSpot's reference documents (method, path, `Authorization: Bearer`, JSON content type, `inputs` of
 * 1–100, `idProperty`, the properties defined in the account and their types, `hs_timestamp` on a new note,
 * duplicate ids in one batch), answers with bodies shaped like `test/fixtures/hubspot/*.json` and the
 * `X-HubSpot-RateLimit-*` headers, and can be told to fail in each documented way.
 */

export interface HubSpotServerOptions {
  /** The token it accepts; default `pat-na1-feedloop-test`. */
  token?: string;
  /** Custom contact properties defined in the account, with their types; default: Feedloop's defaults for every metric. */
  contactProperties?: Record<string, PropertyType>;
  /** The note property created with unique values; default `feedloop_event_id`, null for none. */
  noteUniqueProperty?: string | null;
  /**
   * Per-input errors (an e-mail HubSpot refuses) come back as 207 Multi-Status naming each failed input's
   * `objectWriteTraceId`, when every input has one (default); false: as a 400 for the whole batch.
   */
  multiStatus?: boolean;
  /** `X-HubSpot-RateLimit-Max` per 10 s window and `X-HubSpot-RateLimit-Daily`. */
  limits?: { max?: number; daily?: number };
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  status: number;
}

export interface HubSpotServer {
  url: string;
  token: string;
  /** Every request, in order, with the status it was answered with. */
  requests: SeenRequest[];
  /** Contacts by (lower-case) e-mail. */
  contacts: Map<string, StoredObject>;
  /** Notes by the value of their unique property. */
  notes: Map<string, StoredObject>;
  /** Note → contact associations (each pair once, as in HubSpot). */
  associations: Association[];
  fail(fault: Fault): void;
  /** HubSpot refuses this e-mail as invalid (INVALID_EMAIL). */
  rejectEmail(email: string): void;
  /** Overrides the remaining counts in the rate-limit headers (undefined: computed again). */
  setRemaining(remaining: { window?: number; daily?: number }): void;
  close(): Promise<void>;
}

const PATHS = {
  contacts: '/crm/v3/objects/contacts/batch/upsert',
  notes: '/crm/v3/objects/notes/batch/upsert',
  associate: '/crm/v4/associations/notes/contacts/batch/associate/default',
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function startHubSpotServer(options: HubSpotServerOptions = {}): Promise<HubSpotServer> {
  const token = options.token ?? 'pat-na1-feedloop-test';
  const contactDefined: Record<string, PropertyType> = { email: 'string', firstname: 'string', lastname: 'string', ...(options.contactProperties ?? defaultContactProperties()) };
  const noteUnique = options.noteUniqueProperty === undefined ? 'feedloop_event_id' : options.noteUniqueProperty;
  const multiStatus = options.multiStatus ?? true;
  const rateLimit = new RateLimit(options.limits?.max ?? 100, options.limits?.daily ?? 250_000);

  const requests: SeenRequest[] = [];
  const contacts = new Map<string, StoredObject>();
  const notes = new Map<string, StoredObject>();
  const associations: HubSpotServer['associations'] = [];
  const programmed: Fault[] = [];
  const refusedEmails = new Set<string>();
  let nextId = 51;

  function upsert(store: Map<string, StoredObject>, key: string, properties: Record<string, string>, extra: Record<string, string>) {
    const now = new Date().toISOString();
    const existing = store.get(key);
    if (existing) {
      Object.assign(existing.properties, properties, { lastmodifieddate: now, hs_lastmodifieddate: now });
      existing.updatedAt = now;
      return { object: existing, created: false };
    }
    const id = String(nextId++);
    const object: StoredObject = { id, properties: { ...extra, ...properties, hs_object_id: id, createdate: now, hs_createdate: now }, createdAt: now, updatedAt: now };
    store.set(key, object);
    return { object, created: true };
  }

  const resultOf = (object: StoredObject, created: boolean, trace: unknown) => ({
    id: object.id,
    new: created,
    ...(typeof trace === 'string' ? { objectWriteTraceId: trace } : {}),
    properties: object.properties,
    createdAt: object.createdAt,
    updatedAt: object.updatedAt,
    archived: false,
  });

  /** Per-input errors: a 207 naming each failed input when all are traced, else a 400 for the batch. */
  function batchAnswer(inputs: Record<string, unknown>[], failures: Map<number, string>, write: (input: Record<string, unknown>) => object): { status: number; body: object } {
    const times = { requestedAt: new Date().toISOString(), startedAt: new Date().toISOString() };
    if (failures.size > 0 && !(multiStatus && inputs.every((input) => typeof input.objectWriteTraceId === 'string'))) {
      throw validation([...failures.values()][0]!);
    }
    const results = inputs.flatMap((input, index) => (failures.has(index) ? [] : [write(input)]));
    const errors = [...failures].map(([index, message]) => ({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message,
      context: { objectWriteTraceId: [inputs[index]!.objectWriteTraceId as string] },
    }));
    const body = { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), ...times, completedAt: new Date().toISOString() };
    return { status: errors.length ? 207 : 200, body };
  }

  function contactsUpsert(body: unknown) {
    const inputs = inputsOf(body);
    const seen = new Set<string>();
    const failures = new Map<number, string>();
    inputs.forEach((input, index) => {
      if (input.idProperty !== 'email') throw validation(`Unable to perform update/upsert by non-unique 0-1 property ${String(input.idProperty)} in portal ID 12345678`);
      if (typeof input.id !== 'string' || !input.id) throw validation('Invalid input JSON: "id" is required');
      checkProperties(input.properties, contactDefined);
      const email = input.id.toLowerCase();
      if (seen.has(email)) throw validation(`Duplicate IDs found in batch input: [${input.id}]. IDs must be unique`);
      seen.add(email);
      if (!EMAIL.test(email) || refusedEmails.has(email)) {
        failures.set(index, `Property values were not valid: [{"isValid":false,"message":"Email address ${input.id} is invalid","error":"INVALID_EMAIL","name":"email"}]`);
      }
    });
    return batchAnswer(inputs, failures, (input) => {
      const email = (input.id as string).toLowerCase();
      const { object, created } = upsert(contacts, email, input.properties as Record<string, string>, { email });
      return resultOf(object, created, input.objectWriteTraceId);
    });
  }

  function notesUpsert(body: unknown) {
    const inputs = inputsOf(body);
    const seen = new Set<string>();
    inputs.forEach((input) => {
      if (!noteUnique || input.idProperty !== noteUnique) {
        throw validation(`Unable to perform update/upsert by non-unique 0-46 property ${String(input.idProperty)} in portal ID 12345678`);
      }
      if (typeof input.id !== 'string' || !input.id) throw validation('Invalid input JSON: "id" is required');
      const properties = checkProperties(input.properties, NOTE_PROPERTIES);
      if (seen.has(input.id)) throw validation(`Duplicate IDs found in batch input: [${input.id}]. IDs must be unique`);
      seen.add(input.id);
      if (!notes.has(input.id) && !properties.hs_timestamp) throw validation('Property values were not valid: hs_timestamp is required', { errors: [{ message: 'hs_timestamp is required', code: 'REQUIRED_PROPERTY' }] });
      if ((properties.hs_note_body ?? '').length > 65_536) throw validation('hs_note_body is limited to 65,536 characters');
    });
    return batchAnswer(inputs, new Map(), (input) => {
      const { object, created } = upsert(notes, input.id as string, input.properties as Record<string, string>, { [noteUnique!]: input.id as string });
      return resultOf(object, created, input.objectWriteTraceId);
    });
  }

  const server = await listenLocally((req, raw, res) => {
    const path = new URL(req.url ?? '/', 'http://hubspot.test').pathname;
    let parsed: unknown;
    try {
      parsed = raw ? JSON.parse(raw) : undefined;
    } catch {
      parsed = undefined;
    }
    const seen: SeenRequest = { method: req.method ?? '', path, headers: req.headers, body: parsed, status: 0 };
    requests.push(seen);
    rateLimit.hit();

    const answer = (status: number, body: object, headers: Record<string, string> = {}) => {
      seen.status = status;
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...rateLimit.headers(), ...headers }).end(JSON.stringify(body));
    };

    const fault = programmed.find((f) => !f.path || path.includes(f.path));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) programmed.splice(programmed.indexOf(fault), 1);
      // Never answered: close() ends the connection.
      if (fault.hang) return;
      return answer(fault.status ?? 500, (fault.body as object | undefined) ?? {}, fault.headers);
    }

    if (req.headers.authorization !== `Bearer ${token}`) return answer(401, fixture('error-401-invalid-authentication.json'));
    const route = Object.values(PATHS).includes(path);
    if (!route) return answer(404, { status: 'error', message: `No route for ${path}`, category: 'OBJECT_NOT_FOUND' });
    if (req.method !== 'POST') return answer(405, { status: 'error', message: `${req.method} is not supported on ${path}`, category: 'VALIDATION_ERROR' });
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return answer(415, { status: 'error', message: `Content type '${req.headers['content-type'] ?? ''}' not supported`, category: 'VALIDATION_ERROR' });
    }
    if (parsed === undefined) return answer(400, { status: 'error', message: 'Invalid input JSON on line 1', category: 'VALIDATION_ERROR' });
    try {
      const { status, body } = path === PATHS.contacts ? contactsUpsert(parsed) : path === PATHS.notes ? notesUpsert(parsed) : associate(parsed, notes, contacts, associations);
      answer(status, body);
    } catch (error) {
      if (error instanceof RequestError) return answer(error.status, error.body);
      answer(500, { status: 'error', message: (error as Error).message, category: 'INTERNAL_ERROR' });
    }
  });

  return {
    url: server.url,
    token,
    requests,
    contacts,
    notes,
    associations,
    fail: (fault) => void programmed.push({ ...fault }),
    rejectEmail: (email) => void refusedEmails.add(email.toLowerCase()),
    setRemaining: (remaining) => void (rateLimit.override = { ...remaining }),
    close: () => server.close(),
  };
}

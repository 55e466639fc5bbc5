import type { EnrichedRecord } from '@feedloop/schema';
import type { Dispatcher } from 'undici';
import type { Destination } from '../destination.js';
import type { Outcome } from '../outcome.js';
import { jsonOf, sendRequest, type HttpAnswer } from '../send-request.js';
import { batchItemResults, type BatchItem, type ItemResult } from './batch-results.js';
import { classifyHubSpot, isRequestWide } from './classify-hubspot.js';
import { DEFAULT_CONTACT_PROPERTIES, groupByContact, type ContactPropertyMapping } from './contact-properties.js';
import { isTimeZone } from './ms-until-midnight.js';
import { noteBody } from './note-body.js';
import { rateLimitWait } from './rate-limit-headers.js';

/** Which ratings also get a note on the contact's timeline. */
export type HubSpotNotes = 'all' | 'with-comment' | 'off';

export interface HubSpotOptions {
  id: string;
  /** A private-app access token or an OAuth access token: `Authorization: Bearer …`. */
  token: string;
  /** Default `https://api.hubapi.com`; a proxy, a regional host or a test server otherwise. A path is kept as a prefix. */
  baseUrl?: string;
  /** Contact properties for the latest rating; unset keys take the defaults, `null` turns one off. */
  properties?: Partial<ContactPropertyMapping>;
  /** Default `all`. */
  notes?: HubSpotNotes;
  /** The note property, created with unique values, that holds the Feedloop event id. Default `feedloop_event_id`. */
  noteIdProperty?: string;
  /** The HubSpot account's time zone, where its daily API allowance resets. Default `UTC`. */
  dailyResetTimeZone?: string;
  /** Per request; a batch makes up to three. Default 15 s. */
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  /** The clock, for tests. */
  now?: () => number;
}

export const HUBSPOT_BASE_URL = 'https://api.hubapi.com';
/** HubSpot's object batch endpoints take at most 100 inputs. */
export const HUBSPOT_MAX_BATCH = 100;
export const HUBSPOT_PATHS = {
  contactsUpsert: '/crm/v3/objects/contacts/batch/upsert',
  notesUpsert: '/crm/v3/objects/notes/batch/upsert',
  /** The default note → contact association is HUBSPOT_DEFINED type 202. */
  associateNotes: '/crm/v4/associations/notes/contacts/batch/associate/default',
} as const;
export const NO_EMAIL_REASON = 'no e-mail: HubSpot contacts are keyed by e-mail, and this rating has no user.email';

const USER_AGENT = 'Feedloop-HubSpot/0.1 (+https://feedloop.dev)';
const PROPERTY_NAME = /^[a-z][a-z0-9_]*$/;

interface WriteItem extends BatchItem {
  input: Record<string, unknown>;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
const objectOf = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/**
 * HubSpot: each rating upserts its contact by e-mail with the latest-score properties
 * (`POST /crm/v3/objects/contacts/batch/upsert`, `idProperty: "email"`), and gets a note on that contact
 * (`POST /crm/v3/objects/notes/batch/upsert` keyed by the unique note property holding the event id, then the
 * default note → contact association). Upserts by unique keys and an association that exists once make a repeated
 * delivery change nothing. A batch of up to 100 ratings costs three requests whatever its size.
 */
export function hubspotDestination(options: HubSpotOptions): Destination {
  if (!options.token) throw new Error('hubspot: a token is needed');
  const base = new URL(options.baseUrl ?? HUBSPOT_BASE_URL);
  const mapping: ContactPropertyMapping = { ...DEFAULT_CONTACT_PROPERTIES, ...options.properties };
  const notes = options.notes ?? 'all';
  const noteIdProperty = options.noteIdProperty ?? 'feedloop_event_id';
  if (!PROPERTY_NAME.test(noteIdProperty)) throw new Error(`hubspot: "${noteIdProperty}" is not a HubSpot property name`);
  const dailyResetTimeZone = options.dailyResetTimeZone ?? 'UTC';
  if (!isTimeZone(dailyResetTimeZone)) throw new Error(`hubspot: unknown time zone "${dailyResetTimeZone}"`);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const clock = options.now ?? Date.now;
  const prefix = base.href.endsWith('/') ? base.href : `${base.href}/`;
  const headers = { authorization: `Bearer ${options.token}`, accept: 'application/json', 'user-agent': USER_AGENT };

  // What the last answers' rate-limit headers (or a 429) said: no request before this instant.
  let blockedUntil = 0;
  let blockedReason = '';

  function block(waitMs: number, reason: string): void {
    const until = clock() + waitMs;
    if (until > blockedUntil) [blockedUntil, blockedReason] = [until, reason];
  }

  function closed(): Outcome | undefined {
    const now = clock();
    return now < blockedUntil ? { kind: 'throttled', waitMs: blockedUntil - now, reason: blockedReason } : undefined;
  }

  async function post(path: string, body: object): Promise<HttpAnswer | Outcome> {
    try {
      const answer = await sendRequest(new URL(path.slice(1), prefix), { method: 'POST', headers, body, timeoutMs, dispatcher: options.dispatcher });
      const wait = rateLimitWait(answer.headers, clock(), dailyResetTimeZone);
      if (wait) block(wait.waitMs, wait.reason);
      return answer;
    } catch (error) {
      return { kind: 'retry', reason: `${base.origin} did not answer ${path}: ${(error as Error).message}` };
    }
  }

  /**
   * One batch endpoint for many inputs: chunks of 100; a 400 for a whole batch is split in halves until the input
   * HubSpot refuses stands alone (unless the 400 is about the request itself, such as a missing property).
   */
  async function write(path: string, what: string, items: WriteItem[], resultKeys: (result: Record<string, unknown>) => (string | undefined)[]): Promise<ItemResult[]> {
    if (items.length === 0) return [];
    if (items.length > HUBSPOT_MAX_BATCH) {
      const results: ItemResult[] = [];
      for (let start = 0; start < items.length; start += HUBSPOT_MAX_BATCH) results.push(...(await write(path, what, items.slice(start, start + HUBSPOT_MAX_BATCH), resultKeys)));
      return results;
    }
    const wait = closed();
    if (wait) return items.map(() => ({ outcome: wait }));
    const answer = await post(path, { inputs: items.map((item) => item.input) });
    if ('kind' in answer) return items.map(() => ({ outcome: answer }));
    if (answer.status >= 200 && answer.status < 300) {
      const body = jsonOf(answer);
      if (body === undefined) return items.map(() => ({ outcome: { kind: 'retry', status: answer.status, reason: `HubSpot answered ${answer.status} to ${path} with a body that is not JSON` } }));
      return batchItemResults(items, answer.status, body, resultKeys, what);
    }
    const outcome = classifyHubSpot(answer, { now: clock(), dailyResetTimeZone });
    if (outcome.kind === 'throttled') block(outcome.waitMs, outcome.reason);
    if (answer.status === 400 && items.length > 1 && !isRequestWide(answer)) {
      const half = Math.ceil(items.length / 2);
      return [...(await write(path, what, items.slice(0, half), resultKeys)), ...(await write(path, what, items.slice(half), resultKeys))];
    }
    if (outcome.kind === 'rejected' && isRequestWide(answer)) {
      const unique = what === 'note' ? `, and ${noteIdProperty} must be a note property with unique values` : '';
      outcome.reason += ` — the ${what} properties Feedloop writes must exist in HubSpot${unique} (docs/destinations/hubspot.md, "Setup")`;
    }
    return items.map(() => ({ outcome }));
  }

  function wantsNote(record: EnrichedRecord): boolean {
    return notes === 'all' || (notes === 'with-comment' && Boolean(record.comment));
  }

  async function sendBatch(records: readonly EnrichedRecord[]): Promise<Outcome[]> {
    const outcomes = new Array<Outcome | undefined>(records.length);
    records.forEach((record, index) => {
      if (!record.user?.email) outcomes[index] = { kind: 'rejected', reason: NO_EMAIL_REASON };
    });

    // 1. One upsert input per contact: the latest rating of each metric wins its properties.
    const groups = groupByContact(records, mapping);
    const contactResults = await write(
      HUBSPOT_PATHS.contactsUpsert,
      'contact',
      groups.map((group, index) => ({
        keys: [`contact-${index}`, group.email],
        input: { idProperty: 'email', id: group.email, objectWriteTraceId: `contact-${index}`, properties: group.properties },
      })),
      (result) => [text(result.objectWriteTraceId), text(objectOf(result.properties).email)?.toLowerCase()],
    );
    // Record position → contact id, for the ratings that also get a note.
    const contactOf = new Map<number, string>();
    groups.forEach((group, index) => {
      const { outcome, objectId } = contactResults[index]!;
      for (const at of group.indexes) {
        if (outcome.kind !== 'ok' || !wantsNote(records[at]!)) outcomes[at] = outcome;
        else if (objectId) contactOf.set(at, objectId);
        else outcomes[at] = { kind: 'rejected', reason: `HubSpot did not say which contact ${group.email} is, so the note has nothing to go on` };
      }
    });

    // 2. Every rating of a contact gets its own note, keyed by its event id: a repeat updates the same note.
    const noted = [...contactOf.keys()];
    const noteResults = await write(
      HUBSPOT_PATHS.notesUpsert,
      'note',
      noted.map((at) => {
        const record = records[at]!;
        return {
          keys: [record.id],
          input: {
            idProperty: noteIdProperty,
            id: record.id,
            objectWriteTraceId: record.id,
            properties: { hs_timestamp: new Date(record.timestamp).toISOString(), hs_note_body: noteBody(record) },
          },
        };
      }),
      (result) => [text(result.objectWriteTraceId), text(objectOf(result.properties)[noteIdProperty])],
    );

    // 3. The note on the contact's timeline: associating twice leaves one association.
    const linked: { at: number; noteId: string }[] = [];
    noted.forEach((at, index) => {
      const { outcome, objectId } = noteResults[index]!;
      if (outcome.kind === 'ok' && objectId) linked.push({ at, noteId: objectId });
      else outcomes[at] = outcome.kind === 'ok' ? { kind: 'rejected', reason: `HubSpot did not say which note holds event ${records[at]!.id}` } : outcome;
    });
    const linkResults = await write(
      HUBSPOT_PATHS.associateNotes,
      'association',
      linked.map(({ at, noteId }) => ({ keys: [noteId], input: { from: { id: noteId }, to: { id: contactOf.get(at)! } } })),
      (result) => [text(objectOf(result.from).id)],
    );
    linked.forEach(({ at }, index) => (outcomes[at] = linkResults[index]!.outcome));

    return outcomes.map((outcome) => outcome ?? { kind: 'retry', reason: 'hubspot: no outcome was reached for this record' });
  }

  return {
    id: options.id,
    type: 'hubspot',
    maxBatch: HUBSPOT_MAX_BATCH,
    sendBatch,
    send: async (record) => (await sendBatch([record]))[0]!,
  };
}


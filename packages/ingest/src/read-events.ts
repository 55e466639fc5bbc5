import { FeedloopError, LIMITS, unknownKeys, WireBatch, WireEvent } from '@feedloop/schema';

export interface Rejection {
  index: number;
  id?: string;
  code: 'EVENT_INVALID' | 'EVENT_TOO_LARGE';
  message: string;
  issues: { path: string; message: string }[];
}

export interface Warning {
  index: number;
  id?: string;
  path: string;
  message: string;
}

export interface ReadEvents {
  events: { index: number; event: WireEvent }[];
  /** Events whose id an earlier event of the same body already has: counted as duplicates, queued once. */
  repeats: number;
  rejected: Rejection[];
  warnings: Warning[];
  sentAt?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(raw: unknown): string | undefined {
  return isObject(raw) && typeof raw.id === 'string' ? raw.id.slice(0, 100) : undefined;
}

/** The events list and `sentAt` of a body that is either one event or `{ batch, sentAt }`. */
function envelope(body: unknown): { raws: unknown[]; sentAt?: string } {
  if (!isObject(body)) throw new FeedloopError('BODY_INVALID', 'The body must be one event object or { "batch": [...] }.');
  if (!('batch' in body)) return { raws: [body] };
  if (!Array.isArray(body.batch) || body.batch.length === 0) {
    throw new FeedloopError('BODY_INVALID', '"batch" must be a non-empty array of events.');
  }
  if (body.batch.length > LIMITS.batchEvents) {
    throw new FeedloopError('PAYLOAD_TOO_LARGE', `A batch holds at most ${LIMITS.batchEvents} events; this one has ${body.batch.length}.`);
  }
  // A sentAt that is not ISO 8601 is ignored rather than trusted for clock correction.
  const sentAt = WireBatch.shape.sentAt.safeParse(body.sentAt).data;
  return { raws: body.batch, sentAt };
}

/**
 * Validates each event on its own: a bad event is rejected with its reasons and the rest go on.
 * Unknown fields are dropped and named in warnings, so a newer widget's rating is never lost.
 */
export function readEvents(body: unknown, bodyChars = Infinity): ReadEvents {
  const { raws, sentAt } = envelope(body);
  // A UTF-8 byte per char at most 3 (an astral char is 2 chars, 4 bytes): a small body cannot hold a large event.
  const measure = 3 * bodyChars > LIMITS.eventBytes;
  const result: ReadEvents = { events: [], repeats: 0, rejected: [], warnings: [], sentAt };
  const seen = new Set<string>();
  raws.forEach((raw, index) => {
    const id = idOf(raw);
    const bytes = measure ? Buffer.byteLength(JSON.stringify(raw) ?? '') : 0;
    if (bytes > LIMITS.eventBytes) {
      result.rejected.push({ index, id, code: 'EVENT_TOO_LARGE', message: `The event is ${bytes} bytes; the limit is ${LIMITS.eventBytes}.`, issues: [] });
      return;
    }
    const parsed = WireEvent.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
      result.rejected.push({ index, id, code: 'EVENT_INVALID', message: summary, issues });
      return;
    }
    if (seen.has(parsed.data.id)) {
      result.repeats += 1;
      return;
    }
    seen.add(parsed.data.id);
    for (const path of unknownKeys(WireEvent, raw)) {
      result.warnings.push({ index, id, path, message: `unknown field "${path}" was dropped` });
    }
    result.events.push({ index, event: parsed.data });
  });
  return result;
}

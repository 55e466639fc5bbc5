import type { Outcome } from '../outcome.js';
import { DEFAULT_INTERVAL_MS } from './rate-limit-headers.js';
import { contextStrings, describeHubSpotError, type HubSpotError } from './hubspot-error.js';

/** One input of a batch request, with the strings by which HubSpot's answer can name it. */
export interface BatchItem {
  /** Its `objectWriteTraceId`, the e-mail or unique property value it upserts, the record id it links… */
  keys: readonly string[];
}

/** What became of one input, and the HubSpot record id it created or found. */
export interface ItemResult {
  outcome: Outcome;
  objectId?: string;
}

/** The body of HubSpot's batch answers: `{ status, results, errors, numErrors, startedAt, completedAt }`. */
interface BatchBody {
  results?: unknown[];
  errors?: HubSpotError[];
}

/** An error of a 207's `errors` list, for its own input only. */
function itemErrorOutcome(status: number, error: HubSpotError): Outcome {
  const reason = describeHubSpotError(status, error);
  const category = (error.category ?? '').toUpperCase();
  if (category.includes('RATE_LIMIT')) return { kind: 'throttled', waitMs: DEFAULT_INTERVAL_MS, reason };
  if (category === 'LOCKED') return { kind: 'throttled', waitMs: 2_000, reason };
  return { kind: 'rejected', reason };
}

/**
 * Each input's fate in a 2xx batch answer (200/201, or 207 Multi-Status with partial failures). A result is
 * matched to its input by any key `resultKeys` reads from it (`objectWriteTraceId`, the e-mail…); an error by
 * any string of its `context` (HubSpot lists the input's `objectWriteTraceId` there). An error naming no input
 * applies to every input left without a result. Results that name nothing are matched by position, but only
 * when there is one per input and no error. An input reported neither way is rejected: HubSpot answers such a
 * "silent" no-op the same way every time.
 */
export function batchItemResults(
  items: readonly BatchItem[],
  status: number,
  body: unknown,
  resultKeys: (result: Record<string, unknown>) => readonly (string | undefined)[],
  what: string,
): ItemResult[] {
  const out = new Array<ItemResult | undefined>(items.length);
  const indexOf = new Map<string, number>();
  items.forEach((item, index) => item.keys.forEach((key) => indexOf.set(key, index)));
  const answer = (body && typeof body === 'object' ? body : {}) as BatchBody;
  const isObject = (r: unknown): r is Record<string, unknown> => Boolean(r) && typeof r === 'object';
  const objects = (Array.isArray(answer.results) ? answer.results : []).filter(isObject);
  const errors = (Array.isArray(answer.errors) ? answer.errors : []).filter((e): e is HubSpotError => isObject(e));

  const unmatched: Record<string, unknown>[] = [];
  for (const result of objects) {
    const index = resultKeys(result).map((key) => (key === undefined ? undefined : indexOf.get(key))).find((i) => i !== undefined);
    const objectId = result.id === undefined ? undefined : String(result.id);
    if (index === undefined) unmatched.push(result);
    else out[index] = { outcome: { kind: 'ok', status }, objectId };
  }
  // Matching by position is safe for one input only: HubSpot does not document the order of results.
  if (items.length === 1 && objects.length === 1 && unmatched.length === 1 && errors.length === 0) {
    objects.forEach((result, index) => (out[index] = { outcome: { kind: 'ok', status }, objectId: result.id === undefined ? undefined : String(result.id) }));
  }

  for (const error of errors) {
    const outcome = itemErrorOutcome(status, error);
    const named = contextStrings(error.context).map((key) => indexOf.get(key)).filter((i): i is number => i !== undefined);
    const targets = named.length ? named : items.map((_, index) => index).filter((index) => out[index] === undefined);
    for (const index of targets) out[index] = { outcome };
  }

  // Results we cannot tie to an input may well be this one's: sending again is safe (upserts), dead-lettering is not.
  const missing: Outcome =
    unmatched.length > 0
      ? { kind: 'retry', status, reason: `HubSpot's results for this ${what} batch name no input: sending again` }
      : { kind: 'rejected', status, reason: `HubSpot answered ${status} but reported nothing for this ${what}` };
  return items.map((_, index) => out[index] ?? { outcome: missing });
}

import { inputsOf } from './request-validation.js';
import type { Association, StoredObject } from './stored-object.js';

/** The default note → contact association for each input, as HubSpot's batch/associate/default answers it. */
export function associate(body: unknown, notes: Map<string, StoredObject>, contacts: Map<string, StoredObject>, associations: Association[]) {
  const inputs = inputsOf(body);
  const noteIds = new Set([...notes.values()].map((n) => n.id));
  const contactIds = new Set([...contacts.values()].map((c) => c.id));
  const results: object[] = [];
  const errors: object[] = [];
  for (const input of inputs) {
    const from = String((input.from as { id?: unknown } | undefined)?.id ?? '');
    const to = String((input.to as { id?: unknown } | undefined)?.id ?? '');
    if (!noteIds.has(from) || !contactIds.has(to)) {
      // The shape of this per-input error is not documented; it names the ids it could not find in `context`.
      errors.push({ status: 'error', category: 'VALIDATION_ERROR', message: `No note ${from} or contact ${to} to associate`, context: { fromObjectId: [from], toObjectId: [to] } });
      continue;
    }
    if (!associations.some((a) => a.from === from && a.to === to)) associations.push({ from, to, associationTypeId: 202 });
    results.push({ from: { id: from }, to: { id: to }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 } });
  }
  const now = new Date().toISOString();
  return { status: errors.length ? 207 : 200, body: { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), startedAt: now, completedAt: now } };
}

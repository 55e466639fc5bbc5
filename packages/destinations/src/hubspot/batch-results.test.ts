import { describe, expect, it } from 'vitest';
import { batchItemResults } from './batch-results.js';

const items = [{ keys: ['t-0', 'a@x.example'] }, { keys: ['t-1', 'b@x.example'] }];
const keys = (result: Record<string, unknown>) => [result.objectWriteTraceId as string | undefined, (result.properties as { email?: string } | undefined)?.email];

describe('batchItemResults', () => {
  it('matches results by objectWriteTraceId, or by another key', () => {
    const body = { results: [{ id: '2', properties: { email: 'b@x.example' } }, { id: '1', objectWriteTraceId: 't-0' }] };
    expect(batchItemResults(items, 200, body, keys, 'contact')).toEqual([
      { outcome: { kind: 'ok', status: 200 }, objectId: '1' },
      { outcome: { kind: 'ok', status: 200 }, objectId: '2' },
    ]);
  });

  it('a 207 error goes to the input its context names', () => {
    const body = { results: [{ id: '1', objectWriteTraceId: 't-0' }], errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'bad email', context: { objectWriteTraceId: ['t-1'] } }] };
    const [first, second] = batchItemResults(items, 207, body, keys, 'contact');
    expect(first).toEqual({ outcome: { kind: 'ok', status: 207 }, objectId: '1' });
    expect(second!.outcome).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('VALIDATION_ERROR: bad email') });
  });

  it('an error naming no input applies to those left without a result; a rate-limit error is throttled', () => {
    const body = { results: [{ id: '1', objectWriteTraceId: 't-0' }], errors: [{ category: 'RATE_LIMITS', message: 'slow down' }] };
    expect(batchItemResults(items, 207, body, keys, 'contact')[1]!.outcome).toMatchObject({ kind: 'throttled', waitMs: 10_000 });
  });

  it('results that name nothing are taken for the one input only; several are sent again rather than guessed by order', () => {
    expect(batchItemResults(items.slice(0, 1), 200, { results: [{ id: '7' }] }, keys, 'contact').map((r) => r.objectId)).toEqual(['7']);
    expect(batchItemResults(items, 200, { results: [{ id: '7' }, { id: '8' }] }, keys, 'contact').map((r) => r.outcome.kind)).toEqual(['retry', 'retry']);
    expect(batchItemResults(items, 200, { results: [{ id: '7' }] }, keys, 'contact').map((r) => r.outcome.kind)).toEqual(['retry', 'retry']);
  });

  it('ignores results and errors that are not lists of objects', () => {
    expect(batchItemResults(items, 207, { results: {}, errors: [null] }, keys, 'contact').map((r) => r.outcome.kind)).toEqual(['rejected', 'rejected']);
  });

  it('an input reported nowhere is rejected (a silent no-op)', () => {
    expect(batchItemResults(items, 200, { status: 'COMPLETE', results: [] }, keys, 'note')[0]!.outcome).toEqual({
      kind: 'rejected',
      status: 200,
      reason: 'HubSpot answered 200 but reported nothing for this note',
    });
  });
});

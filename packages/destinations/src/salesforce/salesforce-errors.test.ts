import { describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../send-request.js';
import { classifyRecordErrors, classifySalesforceAnswer, CONCURRENT_LIMIT_WAIT_MS, salesforceErrorsOf, UNAVAILABLE_WAIT_MS } from './salesforce-errors.js';

const options = { limitWaitMs: 900_000 };
const answer = (status: number, body: unknown, headers: HttpAnswer['headers'] = {}): HttpAnswer => ({
  status, headers, body: typeof body === 'string' ? body : JSON.stringify(body),
});
const error = (errorCode: string, message = 'm') => [{ errorCode, message, fields: [] }];

describe('salesforceErrorsOf', () => {
  it('reads REST error arrays, per-record errors and OAuth errors', () => {
    expect(salesforceErrorsOf([{ errorCode: 'INVALID_FIELD', message: 'No such column', fields: ['X__c'] }])).toEqual([{ code: 'INVALID_FIELD', message: 'No such column', fields: ['X__c'] }]);
    expect(salesforceErrorsOf([{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'locked' }])).toEqual([{ code: 'UNABLE_TO_LOCK_ROW', message: 'locked' }]);
    expect(salesforceErrorsOf({ error: 'invalid_grant', error_description: 'expired' })).toEqual([{ code: 'invalid_grant', message: 'expired' }]);
    expect(salesforceErrorsOf('nope')).toEqual([]);
  });
});

describe('classifySalesforceAnswer', () => {
  it('classifies every documented answer', () => {
    expect(classifySalesforceAnswer(answer(201, {}), options)).toEqual({ kind: 'ok', status: 201 });
    expect(classifySalesforceAnswer(answer(204, ''), options)).toEqual({ kind: 'ok', status: 204 });
    expect(classifySalesforceAnswer(answer(300, ['/a', '/b']), options)).toMatchObject({ kind: 'rejected', status: 300 });
    expect(classifySalesforceAnswer(answer(401, error('INVALID_SESSION_ID')), options)).toBe('invalid-session');
    expect(classifySalesforceAnswer(answer(403, error('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')), options)).toMatchObject({ kind: 'throttled', waitMs: 900_000, status: 403 });
    expect(classifySalesforceAnswer(answer(403, error('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.')), options)).toMatchObject({ kind: 'throttled', waitMs: CONCURRENT_LIMIT_WAIT_MS });
    expect(classifySalesforceAnswer(answer(403, error('API_DISABLED_FOR_ORG')), options)).toMatchObject({ kind: 'auth', status: 403 });
    expect(classifySalesforceAnswer(answer(400, error('UNABLE_TO_LOCK_ROW')), options)).toMatchObject({ kind: 'retry', status: 400 });
    expect(classifySalesforceAnswer(answer(400, error('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', 'Trigger: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access')), options)).toMatchObject({ kind: 'retry' });
    expect(classifySalesforceAnswer(answer(400, error('INVALID_FIELD', "No such column 'X__c'")), options)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining("INVALID_FIELD: No such column 'X__c'") });
    expect(classifySalesforceAnswer(answer(404, error('NOT_FOUND')), options)).toMatchObject({ kind: 'rejected', status: 404 });
    expect(classifySalesforceAnswer(answer(503, error('SERVER_UNAVAILABLE')), options)).toMatchObject({ kind: 'throttled', waitMs: UNAVAILABLE_WAIT_MS });
    expect(classifySalesforceAnswer(answer(503, '', { 'retry-after': '7' }), options)).toMatchObject({ kind: 'throttled', waitMs: 7_000 });
    expect(classifySalesforceAnswer(answer(500, error('UNKNOWN_EXCEPTION')), options)).toMatchObject({ kind: 'retry', status: 500 });
  });
});

describe('classifyRecordErrors', () => {
  it('classifies per-record errors of an sObject Collections answer', () => {
    const one = (statusCode: string, message = 'm') => [{ code: statusCode, message }];
    expect(classifyRecordErrors(one('UNABLE_TO_LOCK_ROW'), options).kind).toBe('retry');
    expect(classifyRecordErrors(one('ALL_OR_NONE_OPERATION_ROLLED_BACK'), options).kind).toBe('retry');
    expect(classifyRecordErrors(one('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), options)).toMatchObject({ kind: 'throttled', waitMs: 900_000 });
    expect(classifyRecordErrors(one('REQUIRED_FIELD_MISSING', 'Required fields are missing: [Metric__c]'), options)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('REQUIRED_FIELD_MISSING') });
    expect(classifyRecordErrors([], options).kind).toBe('retry');
  });
});

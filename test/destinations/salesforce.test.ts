import { afterEach, describe, expect, it } from 'vitest';
import { salesforceDestination } from '../../packages/destinations/src/salesforce/salesforce-destination.js';
import { closeFakes, destination, detractor, fake, record } from './salesforce-harness.js';

afterEach(closeFakes);

describe('salesforce destination: upsert by external id', () => {
  it('upserts Feedback__c by Feedback_Id__c with the mapped fields; a repeat updates the same record', async () => {
    const server = await fake();
    const sf = destination(server);
    const sent = record({ comment: '<b>great</b> & fast', user: { email: 'ann@example.com' }, context: { url: 'https://shop.example/cart' } });
    expect(await sf.send(sent)).toEqual({ kind: 'ok', status: 201 });
    const request = server.requests.at(-1)!;
    expect(request.method).toBe('PATCH');
    expect(request.path).toBe(`/services/data/v66.0/sobjects/Feedback__c/Feedback_Id__c/${sent.id}`);
    expect(request.headers.authorization).toBe('Bearer static-token');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).not.toHaveProperty('Feedback_Id__c');

    expect(await sf.send(sent)).toEqual({ kind: 'ok', status: 200 });
    const stored = server.records('Feedback__c');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.writes).toBe(2);
    expect(stored[0]!.fields).toMatchObject({
      Feedback_Id__c: sent.id, Metric__c: 'nps', Value__c: 9, Bucket__c: 'promoter', Comment__c: '<b>great</b> & fast',
      Email__c: 'ann@example.com', Page_Url__c: 'https://shop.example/cart', Responded_At__c: sent.timestamp,
    });
    expect(sf.apiUsage).toEqual({ used: 2, limit: 100_000 });
  });

  it('upserts a batch with sObject Collections and maps per-record results back in order', async () => {
    const server = await fake();
    const sf = destination(server);
    expect(sf.maxBatch).toBe(200);
    const [a, b, c, d] = [record(), record(), record(), record()];
    await sf.send(b!);
    server.failRecord(c!.id, { statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' });
    server.failRecord(d!.id, { statusCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
    const bad = record({ user: { email: 'not-an-email' as string } });
    const outcomes = await sf.sendBatch!([a!, b!, c!, bad, a!]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'ok', 'retry', 'rejected', 'ok']);
    expect(outcomes[0]).toEqual({ kind: 'ok', status: 201 });
    expect(outcomes[1]).toEqual({ kind: 'ok', status: 200 });
    expect(outcomes[3]).toMatchObject({ reason: expect.stringContaining('INVALID_EMAIL_ADDRESS') });
    const request = server.requests.at(-1)!;
    expect(request.method).toBe('PATCH');
    expect(request.path).toBe('/services/data/v66.0/composite/sobjects/Feedback__c/Feedback_Id__c');
    const body = JSON.parse(request.body) as { allOrNone: boolean; records: Record<string, unknown>[] };
    expect(body.allOrNone).toBe(false);
    expect(body.records).toHaveLength(4); // a repeated id is sent once
    expect(body.records[0]).toMatchObject({ attributes: { type: 'Feedback__c' }, Feedback_Id__c: a!.id, Metric__c: 'nps' });

    // REQUEST_LIMIT_EXCEEDED on one record throttles it, and pauses the destination.
    const limited = await sf.sendBatch!([d!, record()]);
    expect(limited[0]).toMatchObject({ kind: 'throttled', waitMs: 15 * 60_000 });
    expect(limited[1]).toMatchObject({ kind: 'ok' });
    const before = server.requests.length;
    expect(await sf.send(record())).toMatchObject({ kind: 'throttled' });
    expect(server.requests.length).toBe(before);
  });

  it('answers rejected when the external id matches several records (300)', async () => {
    const server = await fake();
    server.failNext('MULTIPLE_CHOICES');
    expect(await destination(server).send(record())).toMatchObject({ kind: 'rejected', status: 300 });
  });

  it('rejects an unknown field with the error code and message', async () => {
    const server = await fake();
    const outcome = await destination(server, { fields: { sentiment: 'Unknown__c' } }).send(record({ sentiment: { score: 0.5, label: 'positive' } }));
    expect(outcome).toMatchObject({ kind: 'rejected', status: 400, reason: expect.stringContaining("INVALID_FIELD: No such column 'Unknown__c'") });
  });
});

describe('salesforce destination: sessions', () => {
  it('after an expired session, concurrent sends share exactly one token refresh', async () => {
    const server = await fake({ tokenDelayMs: 100 });
    const sf = destination(server);
    await sf.send(record());
    server.expireSessions();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => sf.send(record())));
    expect(outcomes.every((o) => o.kind === 'ok')).toBe(true);
    expect(server.tokensIssued).toBe(1);
    expect(server.tokenRequests).toEqual([{ grant_type: 'refresh_token', refresh_token: 'refresh-token', client_id: 'client-id', client_secret: 'client-secret' }]);
    expect(server.records('Feedback__c')).toHaveLength(9);
    // A batch after another expiry also refreshes once and retries.
    server.expireSessions();
    expect((await sf.sendBatch!([record(), record()])).map((o) => o.kind)).toEqual(['ok', 'ok']);
    expect(server.tokensIssued).toBe(2);
  });

  it('uses the client-credentials grant when there is no token and no refresh token', async () => {
    const server = await fake({ accessToken: undefined });
    const sf = destination(server, { credentials: { clientId: 'client-id', clientSecret: 'client-secret', tokenUrl: server.tokenUrl } });
    const outcomes = await Promise.all([sf.send(record()), sf.send(record())]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'ok']);
    expect(server.tokenRequests).toEqual([{ grant_type: 'client_credentials', client_id: 'client-id', client_secret: 'client-secret' }]);
  });

  it('is auth when the refresh fails with invalid_grant, or when a static token expires', async () => {
    const server = await fake();
    server.expireSessions();
    server.failToken('invalid_grant');
    expect(await destination(server).send(record())).toMatchObject({ kind: 'auth', status: 400, reason: expect.stringContaining('invalid_grant') });

    const other = await fake();
    other.expireSessions();
    const staticOnly = destination(other, { credentials: { accessToken: 'static-token' } });
    expect(await staticOnly.send(record())).toMatchObject({ kind: 'auth', status: 401 });
    expect(other.tokenRequests).toHaveLength(0);
  });

  it('retries when the token endpoint fails with 500, and is auth when a new token is refused again', async () => {
    const server = await fake();
    server.expireSessions();
    server.failToken(500);
    const sf = destination(server);
    expect(await sf.send(record())).toMatchObject({ kind: 'retry', status: 500 });
    expect(await sf.send(record())).toEqual({ kind: 'ok', status: 201 });
    server.failNext('INVALID_SESSION_ID', 2);
    expect(await sf.send(record())).toMatchObject({ kind: 'auth', status: 401 });
  });
});

describe('salesforce destination: failures', () => {
  it('classifies every programmable failure', async () => {
    const server = await fake();
    const sf = () => destination(server, { timeoutMs: 300 });
    server.failNext('UNABLE_TO_LOCK_ROW');
    expect(await sf().send(record())).toMatchObject({ kind: 'retry', status: 400 });
    server.failNext('SERVER_ERROR');
    expect(await sf().send(record())).toMatchObject({ kind: 'retry', status: 500 });
    server.failNext('SERVER_UNAVAILABLE');
    expect(await sf().send(record())).toMatchObject({ kind: 'throttled', status: 503, waitMs: 60_000 });
    server.failNext('API_DISABLED');
    expect(await sf().send(record())).toMatchObject({ kind: 'auth', status: 403 });
    server.failNext('CONCURRENT_LIMIT');
    expect(await sf().send(record())).toMatchObject({ kind: 'throttled', status: 403, waitMs: 30_000 });
    server.failNext('REQUEST_LIMIT_EXCEEDED');
    expect(await sf().send(record())).toMatchObject({ kind: 'throttled', status: 403, waitMs: 15 * 60_000 });
    server.failNext('hang');
    expect(await sf().send(record())).toMatchObject({ kind: 'retry' });
    server.failNext('SERVER_ERROR');
    expect((await sf().sendBatch!([record(), record()])).map((o) => o.kind)).toEqual(['retry', 'retry']);
    const closed = salesforceDestination({ id: 'gone', instanceUrl: 'http://127.0.0.1:1', credentials: { accessToken: 't' }, timeoutMs: 500 });
    expect((await closed.send(record())).kind).toBe('retry');
  });

  it('pauses sends when Sforce-Limit-Info shows the threshold reached', async () => {
    const server = await fake();
    let clock = 1_000_000;
    const sf = destination(server, { apiUsageThreshold: 0.9, limitWaitMs: 60_000, now: () => clock });
    server.setUsage(899, 1000);
    expect(await sf.send(record())).toMatchObject({ kind: 'ok' }); // usage 900/1000 now
    const before = server.requests.length;
    expect(await sf.send(record())).toMatchObject({ kind: 'throttled', waitMs: 60_000, reason: expect.stringContaining('900/1000') });
    expect(await sf.sendBatch!([record()])).toMatchObject([{ kind: 'throttled' }]);
    expect(server.requests.length).toBe(before);
    clock += 60_000;
    server.setUsage(100, 1000);
    expect(await sf.send(record())).toMatchObject({ kind: 'ok' });
  });
});

describe('salesforce destination: follow-ups', () => {
  it('creates one Task for a detractor, linked by WhatId, only when the upsert created the record', async () => {
    const server = await fake();
    const sf = destination(server, { followUp: { kind: 'task', when: (r) => r.bucket === 'detractor', fields: { Priority: 'High' } } });
    const bad = detractor();
    expect(await sf.send(bad)).toEqual({ kind: 'ok', status: 201 });
    expect(await sf.send(bad)).toEqual({ kind: 'ok', status: 200 });
    expect(await sf.send(record())).toEqual({ kind: 'ok', status: 201 });
    const tasks = server.records('Task');
    expect(tasks).toHaveLength(1);
    const feedback = server.byExternalId('Feedback__c', 'Feedback_Id__c', bad.id)!;
    expect(tasks[0]!.fields).toMatchObject({ WhatId: feedback.Id, Priority: 'High', Subject: 'Feedback: NPS 2 (detractor) at checkout' });
    expect(String(tasks[0]!.fields.Description)).toContain('<i>slow</i> delivery');
    const create = server.requests.find((r) => r.path === '/services/data/v66.0/composite/sobjects')!;
    expect(create.method).toBe('POST');
  });

  it('makes a failed create-only follow-up on the next attempt even though the record now exists', async () => {
    const server = await fake();
    const sf = destination(server, { followUp: { kind: 'task' } });
    const bad = detractor();
    server.failNext('SERVER_ERROR', 1, /\/composite\/sobjects$/);
    expect(await sf.send(bad)).toMatchObject({ kind: 'retry', status: 500, reason: expect.stringContaining('Feedback__c saved; follow-up Task failed') });
    expect(server.records('Task')).toHaveLength(0);
    expect(await sf.send(bad)).toMatchObject({ kind: 'ok' });
    expect(server.records('Task')).toHaveLength(1);
    expect(server.records('Feedback__c')).toHaveLength(1);
  });

  it('upserts Cases by an external id, so repeats and batches never duplicate them', async () => {
    const server = await fake();
    const sf = destination(server, { followUp: { kind: 'case', externalIdField: 'Feedback_Id__c', fields: { Origin: 'Web' } } });
    const bad = detractor({ user: { email: 'bob@example.com', name: 'Bob' } });
    expect(await sf.send(bad)).toEqual({ kind: 'ok', status: 201 });
    expect(await sf.send(bad)).toEqual({ kind: 'ok', status: 200 });
    expect((await sf.sendBatch!([bad, detractor()])).map((o) => o.kind)).toEqual(['ok', 'ok']);
    const cases = server.records('Case');
    expect(cases).toHaveLength(2);
    expect(server.byExternalId('Case', 'Feedback_Id__c', bad.id)!.fields).toMatchObject({ SuppliedEmail: 'bob@example.com', Origin: 'Web' });
    expect(server.requests.some((r) => r.method === 'PATCH' && r.path === '/services/data/v66.0/composite/sobjects/Case/Feedback_Id__c')).toBe(true);
  });

  it('reports a rejected follow-up on its record, after the feedback was saved', async () => {
    const server = await fake();
    const sf = destination(server, { followUp: { kind: 'case', fields: { Unknown__c: 'x' } } });
    const outcome = await sf.send(detractor());
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/Feedback__c saved; follow-up Case failed: .*INVALID_FIELD/) });
    expect(server.records('Feedback__c')).toHaveLength(1);
  });
});

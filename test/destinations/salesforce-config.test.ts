import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SALESFORCE_FIELDS } from '../../packages/destinations/src/salesforce/salesforce-fields.js';
import { SALESFORCE_FIELD_DEFAULTS, salesforceConfig } from '../../packages/runtime/src/destination-configs/salesforce.js';
import { secretFrom } from '../../packages/runtime/src/secret-ref.js';
import { closeFakes, detractor, fake, record } from './salesforce-harness.js';
import { destinationFromConfig } from '../../packages/worker/src/destination-from-config.js';

afterEach(closeFakes);

describe('salesforce config', () => {
  const env = { SF_TOKEN: 'tok', SF_ID: 'id', SF_SECRET: 'secret', SF_REFRESH: 'refresh' };
  const schema = salesforceConfig(secretFrom(env));

  it('has documented defaults, the same as the adapter', () => {
    const parsed = schema.parse({ id: 'crm', type: 'salesforce', instanceUrl: 'https://acme.my.salesforce.com', auth: { accessToken: { env: 'SF_TOKEN' } } });
    expect(parsed).toMatchObject({
      apiVersion: 'v66.0', object: 'Feedback__c', externalIdField: 'Feedback_Id__c', apiUsageThreshold: 0.95, limitWaitMs: 900_000,
      auth: { accessToken: 'tok', tokenUrl: 'https://login.salesforce.com/services/oauth2/token' },
      followUp: { kind: 'none', when: { buckets: ['detractor', 'dissatisfied', 'hard', 'negative', 'unresolved'] }, fields: {} },
    });
    expect(parsed.fields).toEqual(SALESFORCE_FIELD_DEFAULTS);
    expect(SALESFORCE_FIELD_DEFAULTS).toEqual(DEFAULT_SALESFORCE_FIELDS);
  });

  it('accepts the refresh-token and client-credentials grants, and refuses incomplete auth or unsafe names', () => {
    const base = { id: 'crm', type: 'salesforce', instanceUrl: 'https://acme.my.salesforce.com' };
    expect(schema.safeParse({ ...base, auth: { clientId: { env: 'SF_ID' }, clientSecret: { env: 'SF_SECRET' }, refreshToken: { env: 'SF_REFRESH' } } }).success).toBe(true);
    expect(schema.safeParse({ ...base, auth: { clientId: { env: 'SF_ID' }, clientSecret: { env: 'SF_SECRET' }, tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token' } }).success).toBe(true);
    expect(schema.safeParse({ ...base, auth: { clientId: { env: 'SF_ID' } } }).success).toBe(false);
    expect(schema.safeParse({ ...base, auth: { accessToken: { env: 'SF_TOKEN' }, refreshToken: { env: 'SF_REFRESH' } } }).success).toBe(false);
    expect(schema.safeParse({ ...base, auth: { accessToken: { env: 'MISSING' } } }).success).toBe(false);
    expect(schema.safeParse({ ...base, auth: { accessToken: { env: 'SF_TOKEN' } }, object: '../limits' }).success).toBe(false);
    expect(schema.safeParse({ ...base, auth: { accessToken: { env: 'SF_TOKEN' } }, fields: { comment: 'Text__c/x' } }).success).toBe(false);
    const parsed = schema.parse({ ...base, auth: { accessToken: { env: 'SF_TOKEN' } }, fields: { comment: 'Text__c', email: null }, followUp: { kind: 'case', externalIdField: 'Feedback_Id__c' } });
    expect(parsed.fields).toMatchObject({ comment: 'Text__c', email: null, metric: 'Metric__c' });
    expect(parsed.followUp).toMatchObject({ kind: 'case', externalIdField: 'Feedback_Id__c' });
  });
});

describe('salesforce config → adapter, through the worker\'s destinationFromConfig', () => {
  it('drives the adapter from a parsed config', async () => {
    const server = await fake({ accessToken: undefined });
    const env = { SF_ID: 'client-id', SF_SECRET: 'client-secret' };
    const config = salesforceConfig(secretFrom(env)).parse({
      id: 'crm', type: 'salesforce', instanceUrl: server.url,
      auth: { clientId: { env: 'SF_ID' }, clientSecret: { env: 'SF_SECRET' }, tokenUrl: server.tokenUrl },
      followUp: { kind: 'task', when: { buckets: ['detractor'] } },
    });
    // The worker's own wiring, so a mistake there fails here.
    const sf = destinationFromConfig(config);
    expect((await sf.sendBatch!([detractor(), record()])).map((o) => o.kind)).toEqual(['ok', 'ok']);
    expect(server.records('Task')).toHaveLength(1);
    expect(server.tokenRequests).toEqual([{ grant_type: 'client_credentials', client_id: 'client-id', client_secret: 'client-secret' }]);
  });
});

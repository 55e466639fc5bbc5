import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubspotDestination } from '../../packages/destinations/src/hubspot/hubspot-destination.js';
import { hubspotConfig } from '../../packages/runtime/src/destination-configs/hubspot.js';
import { secretFrom } from '../../packages/runtime/src/secret-ref.js';
import { destination, inputsOf, record, server, start } from './hubspot-harness.js';

beforeEach(() => start());
afterEach(() => server.close());

describe('hubspot config', () => {
  const schema = hubspotConfig(secretFrom({ HUBSPOT_TOKEN: 'pat-na1-secret' }));

  it('reads the token from the environment and documents its defaults', () => {
    const parsed = schema.parse({ id: 'crm', type: 'hubspot', token: { env: 'HUBSPOT_TOKEN' } });
    expect(parsed).toMatchObject({
      token: 'pat-na1-secret',
      baseUrl: 'https://api.hubapi.com',
      notes: 'all',
      noteIdProperty: 'feedloop_event_id',
      dailyResetTimeZone: 'UTC',
      properties: { value: 'feedloop_last_{metric}', at: 'feedloop_last_{metric}_at', comment: 'feedloop_last_comment', touchpoint: 'feedloop_last_touchpoint' },
    });
    // What the worker hands the factory builds an adapter.
    const hubspot = hubspotDestination({ ...parsed, properties: parsed.properties });
    expect(hubspot).toMatchObject({ id: 'crm', type: 'hubspot', maxBatch: 100 });
  });

  it('refuses bad property names, time zones and URLs', () => {
    const bad = schema.safeParse({
      id: 'crm', type: 'hubspot', token: { env: 'HUBSPOT_TOKEN' }, baseUrl: 'ftp://x', dailyResetTimeZone: 'Mars/Olympus',
      properties: { value: 'Last NPS', comment: null },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['baseUrl', 'dailyResetTimeZone', 'properties.value']));
    expect(schema.safeParse({ id: 'crm', type: 'hubspot', token: { env: 'MISSING' } }).success).toBe(false);
  });

  it('turns a property off with null', async () => {
    const parsed = schema.parse({ id: 'crm', type: 'hubspot', token: { env: 'HUBSPOT_TOKEN' }, properties: { comment: null, at: null } });
    const rating = record({ comment: 'not on the contact' });
    expect((await destination({ properties: parsed.properties, notes: 'off' }).send(rating)).kind).toBe('ok');
    expect(inputsOf(0)[0]!.properties).toEqual({ feedloop_last_nps: '9', feedloop_last_touchpoint: 'checkout' });
  });
});

import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { salesforceFields } from './salesforce-fields.js';

const record: EnrichedRecord = {
  id: '0190f2a4-7b3c-7def-8000-000000000001', touchpoint: 'checkout', metric: 'nps', value: 3,
  comment: '  <b>late</b> & broken  ', createdAt: '2026-11-23T10:00:00Z', site: 'shop', score: 0.3, bucket: 'detractor',
  receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00Z',
  user: { email: 'ann@example.com', name: 'Ann', id: 'u1' },
  context: { url: `https://shop.example/${'x'.repeat(400)}`, country: 'DE' },
  sentiment: { score: -0.6, label: 'negative' }, topics: ['delivery', 'price'],
};

describe('salesforceFields', () => {
  it('maps the documented defaults, keeps HTML as text and shortens the page URL to 255', () => {
    const fields = salesforceFields(record);
    expect(fields).toEqual({
      Metric__c: 'nps', Value__c: 3, Score__c: 0.3, Bucket__c: 'detractor', Touchpoint__c: 'checkout',
      Comment__c: '<b>late</b> & broken', Page_Url__c: record.context!.url!.slice(0, 255), Email__c: 'ann@example.com',
      Responded_At__c: '2026-11-23T10:00:00Z', Sentiment__c: 'negative',
    });
    expect(fields).not.toHaveProperty('Feedback_Id__c');
  });

  it('renames, adds and drops fields; leaves out what the record lacks', () => {
    const fields = salesforceFields(
      { ...record, comment: undefined, user: undefined, sentiment: undefined },
      { comment: 'Text__c', email: 'Mail__c', sentiment: null, topics: 'Topics__c', country: 'Country__c', site: 'Site__c' },
    );
    expect(fields).not.toHaveProperty('Text__c');
    expect(fields).not.toHaveProperty('Mail__c');
    expect(fields).not.toHaveProperty('Sentiment__c');
    expect(fields).toMatchObject({ Topics__c: 'delivery;price', Country__c: 'DE', Site__c: 'shop' });
  });
});

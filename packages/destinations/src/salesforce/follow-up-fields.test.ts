import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { followUpFields } from './follow-up-fields.js';

const record: EnrichedRecord = {
  id: '0190f2a4-7b3c-7def-8000-000000000002', touchpoint: 'support.chat', metric: 'csat', value: 1,
  comment: '<script>alert(1)</script> nobody answered', createdAt: '2026-11-23T10:00:00Z', site: 'shop', score: 0,
  bucket: 'dissatisfied', receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00Z',
  user: { email: 'bob@example.com', name: 'Bob' }, interaction: { id: 'chat-9', channel: 'chat' },
};

describe('followUpFields', () => {
  it('makes a Task linked to the feedback record by WhatId, with the comment as plain text', () => {
    const fields = followUpFields(record, 'task', { feedbackId: 'a0B000000000001AAA', constants: { Priority: 'High' } });
    expect(fields).toMatchObject({ Subject: 'Feedback: CSAT 1 (dissatisfied) at support.chat', WhatId: 'a0B000000000001AAA', Priority: 'High' });
    expect(fields.Description).toContain('<script>alert(1)</script> nobody answered');
    expect(fields.Description).toContain('Customer: Bob <bob@example.com>');
    expect(fields.Description).toContain(record.id);
  });

  it('makes a Case with the supplied e-mail and name, unlinked unless a link field is given', () => {
    expect(followUpFields(record, 'case', { feedbackId: 'a0B1' })).toMatchObject({ SuppliedEmail: 'bob@example.com', SuppliedName: 'Bob' });
    expect(followUpFields(record, 'case', { feedbackId: 'a0B1' })).not.toHaveProperty('WhatId');
    expect(followUpFields(record, 'case', { feedbackId: 'a0B1', linkField: 'Feedback__c' })).toMatchObject({ Feedback__c: 'a0B1' });
    expect(followUpFields(record, 'task', { feedbackId: 'a0B1', linkField: null })).not.toHaveProperty('WhatId');
  });
});

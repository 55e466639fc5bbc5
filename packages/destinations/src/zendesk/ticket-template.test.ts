import type { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { fieldValue, renderTemplate, templateValue, TEMPLATE_FIELDS, unknownPlaceholders } from './ticket-template.js';

const record: EnrichedRecord = {
  id: '01937a3c-1d2e-7f00-8a00-000000000001', touchpoint: 'support.chat', metric: 'nps', value: 3, comment: ' Too slow ',
  site: 'shop', score: 0.3, bucket: 'detractor', createdAt: '2026-11-23T10:00:00Z', receivedAt: '2026-11-23T10:00:01Z',
  timestamp: '2026-11-23T10:00:00Z', topics: ['delivery', 'support'], user: { id: 'u1', email: 'ada@example.com' },
  context: { url: 'https://shop.example/help', title: 'Help' }, interaction: { id: 'chat-9', channel: 'chat', agentId: 'a42' },
  sentiment: { score: -0.5, label: 'negative' },
};

describe('ticket templates', () => {
  it('gives each placeholder the record’s value, typed', () => {
    const values = Object.fromEntries(TEMPLATE_FIELDS.map((field) => [field, fieldValue(record, field)]));
    expect(values).toEqual({
      id: record.id, site: 'shop', touchpoint: 'support.chat', metric: 'nps', METRIC: 'NPS', value: 3, min: 0, max: 10,
      score: 0.3, bucket: 'detractor', comment: 'Too slow', 'user.id': 'u1', 'user.email': 'ada@example.com',
      'user.name': undefined, url: 'https://shop.example/help', title: 'Help', sentiment: 'negative',
      topics: ['delivery', 'support'], channel: 'chat', agent: 'a42', interaction: 'chat-9', timestamp: '2026-11-23T10:00:00Z',
    });
  });

  it('renders text, leaving unknown braces as written and absent values empty', () => {
    expect(renderTemplate('{METRIC} {value}/{max} at {touchpoint} by {user.name}: {comment} {nope}', record)).toBe(
      'NPS 3/10 at support.chat by : Too slow {nope}',
    );
    expect(renderTemplate('{topics}', record)).toBe('delivery, support');
  });

  it('keeps the type of a lone placeholder for custom fields', () => {
    expect(templateValue('{value}', record)).toBe(3);
    expect(templateValue('{topics}', record)).toEqual(['delivery', 'support']);
    expect(templateValue('{user.name}', record)).toBeUndefined();
    expect(templateValue('nps-{value}', record)).toBe('nps-3');
    expect(templateValue('{user.name}{title}', { ...record, context: {} })).toBeUndefined();
  });

  it('names unknown placeholders', () => {
    expect(unknownPlaceholders('{metric} {Value} {user.phone}')).toEqual(['Value', 'user.phone']);
  });
});

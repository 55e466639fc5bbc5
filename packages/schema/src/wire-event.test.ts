import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unknownKeys } from './unknown-keys.js';
import { WireBatch, WireEvent } from './wire-event.js';

const minimal = () => ({ id: randomUUID(), touchpoint: 'checkout', metric: 'csat', value: 5, createdAt: '2026-11-23T10:00:00.000Z' });

const full = () => ({
  ...minimal(),
  id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  touchpoint: 'support.chat',
  metric: 'nps',
  value: 9,
  comment: '  Maya was great  ',
  answers: { reason: 'speed', followUp: true, tries: 1 },
  interaction: { id: 'chat-481', channel: 'chat', agentId: 'maya', endedAt: '2026-11-23T09:58:00Z' },
  user: { id: 'u1', email: 'ana@example.com', name: 'Ana', traits: { plan: 'pro' } },
  context: {
    url: 'https://shop.example/checkout?step=2', referrer: 'https://shop.example/', title: 'Checkout', locale: 'en-GB',
    timezone: 'Europe/London', screen: { width: 1440, height: 900 }, sdk: { name: '@feedloop/widget', version: '0.1.0' },
  },
  metadata: { arm: 'B', beta: false },
  createdAt: '2026-11-23T09:59:00+01:00',
});

function issuesOf(value: unknown): string[] {
  const result = WireEvent.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

describe('WireEvent', () => {
  it('accepts a minimal event and a full one', () => {
    expect(WireEvent.safeParse(minimal()).success).toBe(true);
    const parsed = WireEvent.parse(full());
    expect(parsed.comment).toBe('Maya was great');
    expect(parsed.interaction?.channel).toBe('chat');
  });

  it.each([
    ['id missing', { id: undefined }, 'id'],
    ['id not a UUID', { id: 'abc' }, 'id'],
    ['touchpoint upper-case', { touchpoint: 'Checkout' }, 'touchpoint'],
    ['touchpoint starting with a dot', { touchpoint: '.checkout' }, 'touchpoint'],
    ['touchpoint of 65 characters', { touchpoint: 'a'.repeat(65) }, 'touchpoint'],
    ['unknown metric', { metric: 'stars' }, 'metric'],
    ['value above the csat scale', { value: 6 }, 'value'],
    ['value below the csat scale', { value: 0 }, 'value'],
    ['value not an integer', { value: 4.5 }, 'value'],
    ['value as a string', { value: '4' }, 'value'],
    ['comment over 2000 characters', { comment: 'x'.repeat(2001) }, 'comment'],
    ['answers with 21 keys', { answers: many(21) }, 'answers'],
    ['answers holding an object', { answers: { nested: { a: 1 } } }, 'answers.nested'],
    ['interaction channel unknown', { interaction: { channel: 'pigeon' } }, 'interaction.channel'],
    ['user email invalid', { user: { email: 'not-an-email' } }, 'user.email'],
    ['context url invalid', { context: { url: 'not a url' } }, 'context.url'],
    ['context url not http(s)', { context: { url: 'javascript:alert(1)' } }, 'context.url'],
    ['metadata with 21 keys', { metadata: many(21) }, 'metadata'],
    ['createdAt missing', { createdAt: undefined }, 'createdAt'],
    ['createdAt not ISO 8601', { createdAt: 'yesterday' }, 'createdAt'],
  ])('rejects %s', (_name, change, path) => {
    expect(issuesOf({ ...minimal(), ...change })).toContain(path);
  });

  it('checks the value against each metric’s own scale', () => {
    expect(issuesOf({ ...minimal(), metric: 'nps', value: 0 })).toEqual([]);
    expect(issuesOf({ ...minimal(), metric: 'nps', value: 10 })).toEqual([]);
    expect(issuesOf({ ...minimal(), metric: 'ces', value: 8 })).toEqual(['value']);
    expect(issuesOf({ ...minimal(), metric: 'thumbs', value: 2 })).toEqual(['value']);
    expect(issuesOf({ ...minimal(), metric: 'fcr', value: 1 })).toEqual([]);
    expect(issuesOf({ ...minimal(), metric: 'emoji', value: 5 })).toEqual([]);
  });

  it('measures the comment limit after trimming', () => {
    expect(issuesOf({ ...minimal(), comment: `  ${'x'.repeat(2000)}  ` })).toEqual([]);
  });

  it('accepts exactly 20 keys of answers and metadata', () => {
    expect(issuesOf({ ...minimal(), answers: many(20), metadata: many(20) })).toEqual([]);
  });

  it('drops unknown fields and names them, nested ones included', () => {
    const raw = { ...full(), mood: 'sunny', context: { ...full().context, battery: 0.5 }, user: { id: 'u', shoeSize: 42 } };
    const parsed = WireEvent.parse(raw);
    expect(parsed).not.toHaveProperty('mood');
    expect(parsed.context).not.toHaveProperty('battery');
    expect(unknownKeys(WireEvent, raw).sort()).toEqual(['context.battery', 'mood', 'user.shoeSize']);
    expect(unknownKeys(WireEvent, full())).toEqual([]);
  });

  it("names unknown fields that share a name with Object.prototype's", () => {
    const raw = JSON.parse(`{ ${JSON.stringify(full()).slice(1, -1)}, "constructor": 1, "toString": 2, "__proto__": { "polluted": true } }`);
    expect(unknownKeys(WireEvent, raw).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('WireBatch', () => {
  it('takes 1 to 100 events and an optional sentAt', () => {
    expect(WireBatch.safeParse({ batch: [minimal()], sentAt: '2026-11-23T10:00:01Z' }).success).toBe(true);
    expect(WireBatch.safeParse({ batch: Array.from({ length: 100 }, minimal) }).success).toBe(true);
    expect(WireBatch.safeParse({ batch: Array.from({ length: 101 }, minimal) }).success).toBe(false);
    expect(WireBatch.safeParse({ batch: [] }).success).toBe(false);
    expect(WireBatch.safeParse({ batch: [minimal()], sentAt: 'soon' }).success).toBe(false);
  });
});

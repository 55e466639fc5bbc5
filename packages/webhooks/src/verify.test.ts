import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSecret, secretKey } from './secret.js';
import { signature, signWebhook } from './sign.js';
import { verifyWebhook } from './verify.js';

const secret = generateSecret();
const now = Date.parse('2026-11-23T10:00:00Z');
const nowSeconds = Math.floor(now / 1000);

function signedEvent(options: { secret?: string | string[]; timestamp?: number } = {}) {
  const id = randomUUID();
  const body = JSON.stringify({
    type: 'feedback.created',
    timestamp: new Date(now).toISOString(),
    data: {
      id, touchpoint: 'checkout', metric: 'nps', value: 3, createdAt: '2026-11-23T09:59:00Z',
      site: 'shop', score: 0.3, bucket: 'detractor', receivedAt: '2026-11-23T10:00:00Z', timestamp: '2026-11-23T09:59:00Z',
    },
  });
  const headers = signWebhook({ id, timestamp: options.timestamp ?? nowSeconds, body }, options.secret ?? secret);
  return { id, body, headers };
}

describe('Standard Webhooks signing', () => {
  it('matches the specification’s published example', () => {
    // From the Standard Webhooks reference libraries' tests.
    const sig = signature(
      { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' },
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
    expect(sig).toBe('g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('puts the id, timestamp and v1 signature in the headers', () => {
    const { id, headers } = signedEvent();
    expect(headers['webhook-id']).toBe(id);
    expect(headers['webhook-timestamp']).toBe(String(nowSeconds));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it('refuses a secret that is not whsec_ and base64', () => {
    expect(() => secretKey('not-a-secret')).toThrow(expect.objectContaining({ code: 'WEBHOOK_SECRET_INVALID' }));
    expect(() => secretKey('whsec_c2hvcnQ=')).toThrow(expect.objectContaining({ code: 'WEBHOOK_SECRET_INVALID' }));
  });
});

describe('verifyWebhook', () => {
  it('returns the typed event for a genuine delivery', () => {
    const { id, body, headers } = signedEvent();
    const result = verifyWebhook(body, headers, secret, { now });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.id).toBe(id);
    expect(result.event.type).toBe('feedback.created');
    if (result.event.type !== 'feedback.created') return;
    expect(result.event.data.bucket).toBe('detractor');
    expect(result.event.data.metric).toBe('nps');
  });

  it('accepts a Buffer body and a fetch Headers object', () => {
    const { body, headers } = signedEvent();
    expect(verifyWebhook(Buffer.from(body), new Headers(headers), secret, { now }).ok).toBe(true);
  });

  it('reads header names in any case', () => {
    const { body, headers } = signedEvent();
    const shouted = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.replace(/(^|-)[a-z]/g, (m) => m.toUpperCase()), v]));
    expect(Object.keys(shouted)).toContain('Webhook-Id');
    expect(verifyWebhook(body, shouted, secret, { now }).ok).toBe(true);
  });

  it('refuses a tampered body', () => {
    const { body, headers } = signedEvent();
    const result = verifyWebhook(body.replace('"value":3', '"value":10'), headers, secret, { now });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID' }) });
  });

  it('refuses the wrong secret', () => {
    const { body, headers } = signedEvent();
    const result = verifyWebhook(body, headers, generateSecret(), { now });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID' }) });
  });

  it('refuses a stale or future timestamp, and one that was changed', () => {
    const stale = signedEvent({ timestamp: nowSeconds - 301 });
    expect(verifyWebhook(stale.body, stale.headers, secret, { now })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_TIMESTAMP_INVALID' } });
    const future = signedEvent({ timestamp: nowSeconds + 301 });
    expect(verifyWebhook(future.body, future.headers, secret, { now })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_TIMESTAMP_INVALID' } });
    const moved = signedEvent();
    const headers = { ...moved.headers, 'webhook-timestamp': String(nowSeconds - 10) };
    expect(verifyWebhook(moved.body, headers, secret, { now })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_SIGNATURE_INVALID' } });
  });

  it('takes a timestamp within the tolerance', () => {
    const recent = signedEvent({ timestamp: nowSeconds - 299 });
    expect(verifyWebhook(recent.body, recent.headers, secret, { now }).ok).toBe(true);
  });

  it('refuses a delivery without the headers', () => {
    const { body, headers } = signedEvent();
    const { 'webhook-signature': _dropped, ...rest } = headers;
    expect(verifyWebhook(body, rest, secret, { now })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_HEADERS_MISSING' } });
  });

  it('accepts any of several secrets while they rotate', () => {
    const next = generateSecret();
    const { body, headers } = signedEvent({ secret: [secret, next] });
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verifyWebhook(body, headers, next, { now }).ok).toBe(true);
    expect(verifyWebhook(body, headers, [generateSecret(), secret], { now }).ok).toBe(true);
  });

  it('says when the secret given to it is malformed', () => {
    const { body, headers } = signedEvent();
    expect(verifyWebhook(body, headers, 'oops', { now })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_SECRET_INVALID' } });
    // An unset environment variable or an empty list: the typed error, not a TypeError.
    expect(verifyWebhook(body, headers, undefined, { now })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_SECRET_INVALID' } });
    expect(verifyWebhook(body, headers, [], { now })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_SECRET_INVALID' } });
  });

  it('refuses a correctly signed body that is not a Feedloop event', () => {
    const body = JSON.stringify({ type: 'something.else' });
    const headers = signWebhook({ id: 'x', timestamp: nowSeconds, body }, secret);
    expect(verifyWebhook(body, headers, secret, { now })).toMatchObject({ ok: false, error: { code: 'WEBHOOK_PAYLOAD_INVALID' } });
  });
});

/** A body of any shape, signed as Feedloop would sign it. */
function signed(event: unknown, id: string = randomUUID()) {
  const body = JSON.stringify(event);
  return { id, body, headers: signWebhook({ id, timestamp: nowSeconds, body }, secret) };
}

const rating = {
  id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', touchpoint: 'checkout', metric: 'csat', value: 1, createdAt: '2026-11-23T09:59:00Z',
  comment: 'Card declined', site: 'shop', score: 0, bucket: 'dissatisfied', receivedAt: '2026-11-23T10:00:00Z', timestamp: '2026-11-23T09:59:00Z',
};
const targetMissed = {
  type: 'alert.target_missed', id: `${rating.id}-target-csat-all`, site: 'shop', createdAt: '2026-11-23T10:00:01Z',
  target: { id: 'csat-all', metric: 'csat', touchpoint: '*', min: 85, minResponses: 30, windowDays: 7 },
  window: { from: '2026-11-17', to: '2026-11-23', count: 42, headline: 78.4, ci95: [64.1, 88] },
  eventId: rating.id,
};
const detractor = { type: 'alert.detractor', id: `${rating.id}-detractor`, site: 'shop', createdAt: '2026-11-23T10:00:01Z', rating };

describe('verifyWebhook with alerts', () => {
  it('parses alert.target_missed with its target and window typed', () => {
    const sent = signed({ type: 'alert.target_missed', timestamp: new Date(now).toISOString(), data: targetMissed }, targetMissed.id);
    const result = verifyWebhook(sent.body, sent.headers, secret, { now });
    expect(result).toMatchObject({ ok: true, id: targetMissed.id, event: { type: 'alert.target_missed' } });
    if (!result.ok || result.event.type !== 'alert.target_missed') throw new Error('not a target_missed event');
    expect(result.event.data.window.headline).toBe(78.4);
    expect(result.event.data.target.min).toBe(85);
  });

  it('parses alert.detractor with the rating inside it', () => {
    const sent = signed({ type: 'alert.detractor', timestamp: new Date(now).toISOString(), data: detractor }, detractor.id);
    const result = verifyWebhook(sent.body, sent.headers, secret, { now });
    if (!result.ok || result.event.type !== 'alert.detractor') throw new Error(`not a detractor event: ${JSON.stringify(result)}`);
    expect(result.event.data.rating).toEqual(rating);
  });

  it('refuses a body whose type does not match its data', () => {
    // A detractor alert's data under the target_missed type: the union is checked per type, not loosely.
    const sent = signed({ type: 'alert.target_missed', timestamp: new Date(now).toISOString(), data: detractor });
    const result = verifyWebhook(sent.body, sent.headers, secret, { now });
    expect(result).toMatchObject({ ok: false, error: { code: 'WEBHOOK_PAYLOAD_INVALID', message: expect.stringContaining('not a Feedloop event') } });
  });

  it('names an unknown type and the known ones, so a receiver knows to update', () => {
    const sent = signed({ type: 'alert.something_new', timestamp: new Date(now).toISOString(), data: {} });
    expect(verifyWebhook(sent.body, sent.headers, secret, { now })).toEqual({
      ok: false,
      error: {
        code: 'WEBHOOK_PAYLOAD_INVALID',
        message: 'Unknown event type "alert.something_new": this version of @feedloop/webhooks knows feedback.created, alert.target_missed, alert.detractor; update it to receive newer events.',
      },
    });
    const untyped = signed({ data: rating });
    expect(verifyWebhook(untyped.body, untyped.headers, secret, { now })).toMatchObject({
      ok: false, error: { code: 'WEBHOOK_PAYLOAD_INVALID', message: expect.stringContaining('no event type') },
    });
  });
});

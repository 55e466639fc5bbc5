import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AlertRecord, EnrichedRecord } from '@feedloop/schema';
import { generateSecret, verifyWebhook } from '@feedloop/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDestination } from './webhook-destination.js';

const secret = generateSecret();
let server: Server;
let base: string;
const seen: { headers: IncomingHttpHeaders; body: string }[] = [];

// A receiver whose path picks its answer: /ok, /status/500, /throttle, /slow…
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      const path = req.url ?? '/';
      if (path === '/ok') return res.writeHead(204).end();
      if (path === '/throttle') return res.writeHead(429, { 'retry-after': '3' }).end('slow down');
      if (path === '/redirect') return res.writeHead(302, { location: '/ok' }).end();
      if (path === '/slow') return setTimeout(() => res.writeHead(204).end(), 2_000);
      const status = /^\/status\/(\d+)$/.exec(path);
      res.writeHead(status ? Number(status[1]) : 404).end('no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const record = (): EnrichedRecord => ({
  id: randomUUID(), touchpoint: 'checkout', metric: 'csat', value: 5, createdAt: '2026-11-23T10:00:00Z',
  site: 'shop', score: 1, bucket: 'satisfied', receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00Z',
});

const targetMissed = (): AlertRecord => ({
  type: 'alert.target_missed', id: `${randomUUID()}-target-csat-all`, site: 'shop', createdAt: '2026-11-23T10:00:05Z', eventId: randomUUID(),
  target: { id: 'csat-all', metric: 'csat', touchpoint: '*', min: 85, minResponses: 30, windowDays: 7 },
  window: { from: '2026-11-17', to: '2026-11-23', count: 42, headline: 78.4, ci95: [64.1, 88] },
});

const destination = (path: string, extra: { allowPrivateNetworks?: boolean; timeoutMs?: number } = {}) =>
  webhookDestination({ id: 'hook', url: base + path, secrets: [secret], allowPrivateNetworks: true, ...extra });

describe('webhook destination', () => {
  it('sends a Standard Webhooks signed feedback.created event with the event id as webhook-id', async () => {
    const sent = record();
    expect(await destination('/ok').send(sent)).toEqual({ kind: 'ok', status: 204 });
    const last = seen.at(-1)!;
    expect(last.headers['webhook-id']).toBe(sent.id);
    expect(last.headers['content-type']).toBe('application/json');
    const verified = verifyWebhook(last.body, last.headers, secret);
    expect(verified).toMatchObject({ ok: true, event: { type: 'feedback.created', data: sent } });
  });

  it('classifies the receiver’s answers', async () => {
    expect((await destination('/status/500').send(record())).kind).toBe('retry');
    expect(await destination('/throttle').send(record())).toMatchObject({ kind: 'throttled', waitMs: 3_000 });
    expect((await destination('/status/401').send(record())).kind).toBe('auth');
    expect((await destination('/status/422').send(record())).kind).toBe('rejected');
    expect(await destination('/redirect').send(record())).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('redirects') });
  });

  it('pauses the destination on 410 Gone, as Standard Webhooks asks, instead of dead-lettering', async () => {
    // `auth` is what makes the worker pause the destination's queue: disabled, with every job kept.
    expect(await destination('/status/410').send(record())).toEqual({
      kind: 'auth',
      status: 410,
      reason: 'the receiver answered 410 Gone: the endpoint is disabled until a worker restarts (Standard Webhooks)',
    });
    // Only 410: other client errors stay final rejections.
    expect(await destination('/status/404').send(record())).toMatchObject({ kind: 'rejected', status: 404 });
  });

  it('retries when the receiver is slower than the timeout or not there', async () => {
    expect(await destination('/slow', { timeoutMs: 200 }).send(record())).toMatchObject({ kind: 'retry' });
    const closed = webhookDestination({ id: 'gone', url: 'http://127.0.0.1:1/hook', secrets: [secret], allowPrivateNetworks: true });
    expect((await closed.send(record())).kind).toBe('retry');
  });

  it('refuses private addresses unless allowed, without sending anything', async () => {
    const before = seen.length;
    const outcome = await destination('/ok', { allowPrivateNetworks: false }).send(record());
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('private address') });
    expect(seen.length).toBe(before);
  });
});

describe('webhook destination, alerts', () => {
  it('posts { type, timestamp, data: alert } signed like a rating, with the alert id as webhook-id', async () => {
    const alert = targetMissed();
    const before = Math.floor(Date.now() / 1000);
    expect(await destination('/ok').sendAlert!(alert)).toEqual({ kind: 'ok', status: 204 });
    const last = seen.at(-1)!;
    expect(last.headers['webhook-id']).toBe(alert.id);
    expect(Number(last.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(before);
    const body = JSON.parse(last.body) as { type: string; timestamp: string; data: unknown };
    expect(Object.keys(body)).toEqual(['type', 'timestamp', 'data']);
    // The body's timestamp is the attempt's, the one that is signed.
    expect(body).toEqual({ type: 'alert.target_missed', timestamp: new Date(Number(last.headers['webhook-timestamp']) * 1000).toISOString(), data: alert });
    expect(verifyWebhook(last.body, last.headers, secret)).toMatchObject({ ok: true, id: alert.id, event: { type: 'alert.target_missed', data: alert } });
  });

  it('goes the same way as a rating: 410 pauses, other answers classify alike, private addresses are refused', async () => {
    expect(await destination('/status/410').sendAlert!(targetMissed())).toMatchObject({ kind: 'auth', status: 410 });
    expect(await destination('/throttle').sendAlert!(targetMissed())).toMatchObject({ kind: 'throttled', waitMs: 3_000 });
    expect((await destination('/status/503').sendAlert!(targetMissed())).kind).toBe('retry');
    const before = seen.length;
    expect(await destination('/ok', { allowPrivateNetworks: false }).sendAlert!(targetMissed())).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('private address') });
    expect(seen.length).toBe(before);
  });
});

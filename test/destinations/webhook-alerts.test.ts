import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { webhookDestination } from '@feedloop/destinations';
import { EnrichedRecord, WebhookEvent } from '@feedloop/schema';
import { generateSecret, verifyWebhook, type WebhookEvent as WebhookEventType } from '@feedloop/webhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detractorAlert, targetMissedAlert } from './alert-records.js';

// Alerts through the webhook adapter (the built package, as the worker uses it) to a receiver that answers by path,
// then to examples/webhook-consumer, which must verify, narrow on the type and log them.
const secret = generateSecret();
const rating = (): EnrichedRecord =>
  EnrichedRecord.parse(JSON.parse(JSON.parse(readFileSync(new URL('../fixtures/webhook/feedback-created.json', import.meta.url), 'utf8')).request.body).data);

let receiver: Server;
let base: string;
const seen: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '/', headers: req.headers, body });
      const status = /^\/status\/(\d+)$/.exec(req.url ?? '');
      if (req.url === '/throttle') return res.writeHead(429, { 'retry-after': '7' }).end();
      res.writeHead(status ? Number(status[1]) : 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
});

const hook = (path = '/hook', allowPrivateNetworks = true) => webhookDestination({ id: 'backend', url: base + path, secrets: [secret], allowPrivateNetworks });

describe('webhook destination, alerts', () => {
  it.each([
    ['alert.target_missed', () => targetMissedAlert()],
    ['alert.detractor', () => detractorAlert(rating())],
  ] as const)('sends %s signed, with the alert id as webhook-id, and it verifies and parses as that type', async (type, make) => {
    const alert = make();
    expect(await hook().sendAlert!(alert)).toEqual({ kind: 'ok', status: 204 });
    const [post] = seen;
    expect(post!.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': alert.id, 'user-agent': expect.stringMatching(/^Feedloop-Webhooks\//) });
    const result = verifyWebhook(post!.body, post!.headers, secret);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    expect(result.id).toBe(alert.id);
    expect(result.event.type).toBe(type);
    expect(result.event.data).toEqual(alert);
    // The schema's own union agrees: the body is a WebhookEvent of that type, nothing more, nothing less.
    expect(WebhookEvent.parse(JSON.parse(post!.body))).toEqual({ type, timestamp: expect.any(String), data: alert });
  });

  it('signs a retry with the same webhook-id, so a receiver drops it', async () => {
    const alert = targetMissedAlert();
    await hook().sendAlert!(alert);
    await hook().sendAlert!(alert);
    expect(seen.map((post) => post.headers['webhook-id'])).toEqual([alert.id, alert.id]);
  });

  it('classifies the receiver’s answers to an alert as to a rating', async () => {
    for (const path of ['/status/500', '/throttle', '/status/401', '/status/410', '/status/422', '/status/302']) {
      const alertOutcome = await hook(path).sendAlert!(targetMissedAlert());
      const ratingOutcome = await hook(path).send(rating());
      expect(alertOutcome, path).toEqual(ratingOutcome);
    }
    expect(await hook('/throttle').sendAlert!(detractorAlert(rating()))).toMatchObject({ kind: 'throttled', waitMs: 7_000 });
    expect(await hook('/status/410').sendAlert!(detractorAlert(rating()))).toMatchObject({ kind: 'auth', status: 410 });
  });

  it('refuses a private address for an alert without sending it', async () => {
    expect(await hook('/hook', false).sendAlert!(targetMissedAlert())).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('private address') });
    expect(seen).toHaveLength(0);
  });
});

interface ConsumerModule {
  createServer(options: {
    secrets: string[];
    onEvent?: (event: WebhookEventType, id: string) => void;
    logger?: Pick<Console, 'log' | 'warn' | 'error'>;
  }): Server;
}

describe('examples/webhook-consumer receiving alerts', () => {
  it('verifies each alert, handles it typed, and logs one line for it', async () => {
    const consumer = (await import(new URL('../../examples/webhook-consumer/server.mjs', import.meta.url).href)) as ConsumerModule;
    const logs: string[] = [];
    const log = (line: string) => void logs.push(line);
    const server = consumer.createServer({ secrets: [secret], logger: { log, warn: log, error: log } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const destination = webhookDestination({ id: 'backend', url, secrets: [secret], allowPrivateNetworks: true });
      const missed = targetMissedAlert({ window: { headline: 78.4166 } });
      const followUp = detractorAlert(rating());
      expect(await destination.sendAlert!(missed)).toEqual({ kind: 'ok', status: 204 });
      expect(await destination.sendAlert!(followUp)).toEqual({ kind: 'ok', status: 204 });
      await expect.poll(() => logs.length).toBe(2);
      expect(logs).toEqual([
        `alert ${missed.id}: csat target missed at *, site shop: 78.42 < 85 from 2026-11-17 to 2026-11-23 (n = 42)`,
        'alert 0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b-detractor: follow up on feedback 0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b: ' +
          'nps 3 (detractor) at checkout, site shop, comment "The courier was late."',
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

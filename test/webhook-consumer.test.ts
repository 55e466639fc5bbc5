import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSecret, signWebhook, type EnrichedRecord, type FeedbackCreated } from '@feedloop/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// examples/webhook-consumer as an integrator would run it: imported (createServer) and as a program (node server.mjs).
const SERVER_FILE = new URL('../examples/webhook-consumer/server.mjs', import.meta.url);

interface Dedupe {
  firstTime(id: string): boolean | Promise<boolean>;
}
interface ConsumerModule {
  createServer(options: {
    secrets: string | readonly string[] | undefined;
    path?: string;
    maxBodyBytes?: number;
    dedupe?: Dedupe;
    onEvent?: (event: FeedbackCreated, id: string) => void | Promise<void>;
    logger?: Pick<Console, 'log' | 'warn' | 'error'>;
  }): Server;
  MemoryDedupe: new (options?: { ttlMs?: number; maxEntries?: number; now?: () => number }) => Dedupe;
  secretsFrom(value: string | undefined): string[];
  summary(record: EnrichedRecord): string;
  MAX_BODY_BYTES: number;
}

const consumer = (await import(SERVER_FILE.href)) as ConsumerModule;

const current = generateSecret();
const next = generateSecret();

function record(overrides: Partial<EnrichedRecord> = {}): EnrichedRecord {
  return {
    id: randomUUID(), touchpoint: 'checkout', metric: 'nps', value: 3, createdAt: '2026-11-23T09:59:00Z',
    site: 'demo', score: 0.3, bucket: 'detractor', receivedAt: '2026-11-23T10:00:00Z', timestamp: '2026-11-23T09:59:00Z',
    ...overrides,
  };
}

/** A delivery as Feedloop's webhook destination sends it. */
function delivery(options: { secrets?: string | string[]; timestamp?: number; data?: EnrichedRecord } = {}) {
  const data = options.data ?? record();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ type: 'feedback.created', timestamp: new Date(timestamp * 1000).toISOString(), data });
  const headers = signWebhook({ id: data.id, timestamp, body }, options.secrets ?? current);
  const sent: Record<string, string> = { 'content-type': 'application/json', ...headers };
  return { id: data.id, body, headers: sent };
}

async function post(url: string, body: BodyInit, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', body, headers, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as { error?: { code: string; message: string } }) : undefined };
}

describe('examples/webhook-consumer, imported', () => {
  let server: Server;
  let url: string;
  const handled: { id: string; event: FeedbackCreated }[] = [];
  const logs: string[] = [];
  const logger = { log: (line: string) => logs.push(line), warn: (line: string) => logs.push(line), error: (line: string) => logs.push(line) };

  beforeAll(async () => {
    // Rotating: the receiver accepts the current secret and the next one.
    server = consumer.createServer({ secrets: [current, next], onEvent: (event, id) => void handled.push({ id, event }), logger });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const handledIds = () => handled.map((h) => h.id);

  it('answers 2xx to a correctly signed event and handles it once, typed', async () => {
    const sent = delivery();
    const answer = await post(url, sent.body, sent.headers);
    expect(answer.status).toBe(204);
    await expect.poll(handledIds).toContain(sent.id);
    const [got] = handled.filter((h) => h.id === sent.id);
    expect(got!.event).toMatchObject({ type: 'feedback.created', data: { metric: 'nps', value: 3, bucket: 'detractor', touchpoint: 'checkout' } });
  });

  it('answers 2xx to the same webhook-id again without handling it twice', async () => {
    const sent = delivery();
    expect((await post(url, sent.body, sent.headers)).status).toBe(204);
    // The identical request, then a retry as Feedloop sends it: same id, a new timestamp and signature.
    expect((await post(url, sent.body, sent.headers)).status).toBe(204);
    const retry = delivery({ data: JSON.parse(sent.body).data as EnrichedRecord, timestamp: Math.floor(Date.now() / 1000) + 1 });
    expect(retry.headers['webhook-signature']).not.toBe(sent.headers['webhook-signature']);
    expect((await post(url, retry.body, retry.headers)).status).toBe(204);
    // Handling runs in arrival order: once a later event is handled, a repeat would have been too.
    const later = delivery();
    expect((await post(url, later.body, later.headers)).status).toBe(204);
    await expect.poll(handledIds).toContain(later.id);
    expect(handledIds().filter((id) => id === sent.id)).toHaveLength(1);
    expect(logs).toContain(`repeat of ${sent.id} ignored`);
  });

  it('refuses a tampered body with 401 and WEBHOOK_SIGNATURE_INVALID', async () => {
    const sent = delivery();
    const answer = await post(url, sent.body.replace('"value":3', '"value":10'), sent.headers);
    expect(answer).toEqual({ status: 401, json: { error: { code: 'WEBHOOK_SIGNATURE_INVALID', message: expect.any(String) } } });
    expect(handledIds()).not.toContain(sent.id);
  });

  it('refuses a stale timestamp with 401 and WEBHOOK_TIMESTAMP_INVALID', async () => {
    const sent = delivery({ timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    const answer = await post(url, sent.body, sent.headers);
    expect(answer).toEqual({ status: 401, json: { error: { code: 'WEBHOOK_TIMESTAMP_INVALID', message: expect.any(String) } } });
    expect(handledIds()).not.toContain(sent.id);
  });

  it('refuses a request without the Standard Webhooks headers', async () => {
    const sent = delivery();
    const answer = await post(url, sent.body, { 'content-type': 'application/json' });
    expect(answer).toMatchObject({ status: 400, json: { error: { code: 'WEBHOOK_HEADERS_MISSING' } } });
  });

  it('accepts a body signed with the second of two rotating secrets', async () => {
    const sent = delivery({ secrets: next });
    expect((await post(url, sent.body, sent.headers)).status).toBe(204);
    await expect.poll(handledIds).toContain(sent.id);
    // And what Feedloop sends while rotating on its side: one signature per secret, of which one is known here.
    const both = delivery({ secrets: [generateSecret(), next] });
    expect((await post(url, both.body, both.headers)).status).toBe(204);
    await expect.poll(handledIds).toContain(both.id);
    // A secret from neither side is still refused.
    const stranger = delivery({ secrets: generateSecret() });
    expect((await post(url, stranger.body, stranger.headers)).status).toBe(401);
  });

  it('answers 413 to an oversized body, declared or streamed, and keeps serving', async () => {
    const big = delivery({ data: record({ comment: 'x'.repeat(consumer.MAX_BODY_BYTES) }) });
    const declared = await post(url, big.body, big.headers);
    expect(declared).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    // Chunked, without a Content-Length: the limit is counted while reading.
    const encoded = new TextEncoder().encode(big.body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < encoded.length; at += 8 * 1024) controller.enqueue(encoded.slice(at, at + 8 * 1024));
        controller.close();
      },
    });
    const streamed = await post(url, stream, big.headers);
    expect(streamed).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(handledIds()).not.toContain(big.id);
    const after = delivery();
    expect((await post(url, after.body, after.headers)).status).toBe(204);
  });

  it('answers only POST at its path', async () => {
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url.replace('/hook', '/other'), { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('refuses to start without a valid secret', () => {
    expect(() => consumer.createServer({ secrets: consumer.secretsFrom(undefined) })).toThrow(/FEEDLOOP_WEBHOOK_SECRET/);
    expect(() => consumer.createServer({ secrets: 'not-a-secret' })).toThrow(expect.objectContaining({ code: 'WEBHOOK_SECRET_INVALID' }));
  });
});

describe('examples/webhook-consumer pieces', () => {
  it('reads several secrets from one variable while rotating', () => {
    expect(consumer.secretsFrom(` ${current}, ${next}\n`)).toEqual([current, next]);
    expect(consumer.secretsFrom('')).toEqual([]);
  });

  it('forgets a webhook-id after its TTL, and the oldest when full', async () => {
    let now = 0;
    const dedupe = new consumer.MemoryDedupe({ ttlMs: 1_000, maxEntries: 2, now: () => now });
    expect(await dedupe.firstTime('a')).toBe(true);
    expect(await dedupe.firstTime('a')).toBe(false);
    now = 1_001;
    expect(await dedupe.firstTime('a')).toBe(true);
    expect(await dedupe.firstTime('b')).toBe(true);
    expect(await dedupe.firstTime('c')).toBe(true); // full: 'a' goes
    expect(await dedupe.firstTime('b')).toBe(false);
    expect(await dedupe.firstTime('a')).toBe(true);
  });

  it('summarises a record in one line', () => {
    const line = consumer.summary(record({ id: 'e1', comment: 'The courier was late' }));
    expect(line).toBe('feedback e1: nps 3 (detractor) at checkout, site demo, comment "The courier was late"');
  });
});

describe('examples/webhook-consumer, run as a program', () => {
  it('listens, verifies with the secrets in FEEDLOOP_WEBHOOK_SECRET and logs each rating', async () => {
    const child = spawn(process.execPath, [SERVER_FILE.pathname], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', FEEDLOOP_WEBHOOK_SECRET: `${current} ${next}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await expect.poll(() => output, { timeout: 10_000 }).toMatch(/listening on (http:\/\/\S+) with 2 secret\(s\)/);
      const url = /listening on (http:\/\/\S+)/.exec(output)![1]!;
      const sent = delivery({ secrets: next });
      expect((await post(url, sent.body, sent.headers)).status).toBe(204);
      await expect.poll(() => output).toContain(`feedback ${sent.id}: nps 3 (detractor) at checkout, site demo`);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});

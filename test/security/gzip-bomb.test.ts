import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../packages/ingest/src/build-app.js';
import { ORIGIN, PUBLIC_KEY, testConfig } from '../helpers/config.js';
import { deletePrefix } from '../helpers/redis.js';

// SECURITY.md, "oversized and compressed bodies". build-app.test.ts already proves that a 10 MB bomb is answered
// 413; this proves what the answer costs: how long, how much memory, and how much is inflated before it stops.

/** Bytes gunzip wrote for ingest: every gunzip stream the intake makes is counted here. */
const inflated = vi.hoisted(() => ({ bytes: 0 }));
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof import('node:zlib')>();
  const createGunzip: typeof zlib.createGunzip = (options) => {
    const gunzip = zlib.createGunzip(options);
    gunzip.on('data', (chunk: Buffer) => void (inflated.bytes += chunk.length));
    return gunzip;
  };
  return { ...zlib, createGunzip };
});

const MB = 1024 * 1024;
const { config } = testConfig();
let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp(config);
});

afterAll(async () => {
  await app.close();
  await deletePrefix(config.redis.prefix);
});

/** 10 MB of zeros, gzipped (~10 KB); `copies` gzip members in a row inflate to `copies` × 10 MB: gunzip reads them all. */
const zeros = gzipSync(Buffer.alloc(10 * MB), { level: 9 });
const bomb = (copies: number) => Buffer.concat(Array.from({ length: copies }, () => zeros));

async function postBomb(body: Buffer | Readable) {
  inflated.bytes = 0;
  const rss = process.memoryUsage().rss;
  const response = await app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-feedloop-key': PUBLIC_KEY, origin: ORIGIN },
    payload: body,
  });
  // Whatever gunzip still writes after the answer is counted too: give it a moment to finish or stop.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { response, grewBy: process.memoryUsage().rss - rss, inflated: inflated.bytes };
}

describe('a gzip bomb POSTed to /v1/events', () => {
  it('10 MB of zeros in ~10 KB is refused with PAYLOAD_TOO_LARGE after inflating a bounded amount, without holding the 10 MB', async () => {
    expect(zeros.length).toBeLessThan(20 * 1024);
    const { response, grewBy, inflated: bytes } = await postBomb(bomb(1));
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(grewBy).toBeLessThan(64 * MB);
    // The ratio guard (100:1 of what came in) or the 500 KB body limit stops gunzip long before 10 MB.
    expect(bytes).toBeGreaterThan(500 * 1024);
    expect(bytes).toBeLessThan(4 * MB);
  });

  it('480 MB of zeros in ~490 KB, streamed without Content-Length, is refused, and gunzip stops at the ratio guard', async () => {
    const body = bomb(48);
    expect(body.length).toBeLessThan(500 * 1024); // under the body limit while compressed: only inflating tells
    // Sent as a client uploads it, in 64 KB pieces with no Content-Length: the guard judges the bytes come so far.
    const pieces = Array.from({ length: Math.ceil(body.length / 65_536) }, (_, i) => body.subarray(i * 65_536, (i + 1) * 65_536));
    const { response, grewBy, inflated: bytes } = await postBomb(Readable.from(pieces));
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(grewBy).toBeLessThan(64 * MB);
    // At most 100 times what came in (MAX_COMPRESSION_RATIO), a tenth of the 480 MB; and none of it is kept.
    expect(bytes).toBeGreaterThan(500 * 1024);
    expect(bytes).toBeLessThanOrEqual(100 * body.length + 64 * 1024);
  });

  it('1 GB of zeros in ~1 MB is refused on its Content-Length, before gunzip has done any real work', async () => {
    const { response, grewBy, inflated: bytes } = await postBomb(bomb(100));
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(grewBy).toBeLessThan(64 * MB);
    expect(bytes).toBeLessThan(1 * MB);
  });

  it('leaves the intake serving', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
  });
});

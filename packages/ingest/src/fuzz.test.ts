/**
 * Property-based fuzzing of POST /v1/events (issue 4): random and malformed bodies, headers and encodings
 * never give a 5xx other than 503 with Redis down, never crash the process, never pollute
 * Object.prototype, and every rejection carries a code from the registry.
 *
 * The arbitraries live in test/helpers/fuzz.ts. Replay a failure with FUZZ_SEED=<seed> FUZZ_PATH=<path> from
 * fast-check's report and `-t '<test name>'`; FUZZ_RUNS=<factor> scales every property's run count (e.g. 20 for
 * a local soak); FUZZ_VERBOSE=1 prints the statuses seen.
 */
import { parseConfig, type Config } from '@feedloop/runtime';
import { ERROR_CODES } from '@feedloop/schema';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY } from '../../../test/helpers/config.js';
import { postAsBrowser, wireEvent } from '../../../test/helpers/events.js';
import { EXAMPLES, POLLUTION_SENTINEL, requestRecipe, SECRET_KEY, toInject, type RequestRecipe } from '../../../test/helpers/fuzz.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../../../test/helpers/redis.js';
import { buildApp } from './build-app.js';

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
function params<T>(numRuns: number, examples: T[] = []): fc.Parameters<[T]> {
  const seed = process.env.FUZZ_SEED;
  const path = process.env.FUZZ_PATH;
  const replay = { ...(seed ? { seed: Number(seed) } : {}), ...(path ? { path } : {}) };
  return { numRuns: Math.max(1, Math.round(numRuns * SCALE)), examples: path ? [] : examples.map((e) => [e]), ...replay };
}

/**
 * One site with a secret key (so the server-to-server path is fuzzed too), limits high enough that the
 * fuzz reaches the body instead of meeting 429 after a few runs, and 127.0.0.1 as a trusted proxy so that
 * random X-Forwarded-For values reach the IP handling.
 */
function fuzzConfig(redisUrl: string, prefix: string): Readonly<Config> {
  return parseConfig(
    {
      redis: { url: redisUrl, prefix },
      ingest: { trustProxy: ['127.0.0.1'] },
      sites: [
        {
          id: 'shop',
          publicKey: PUBLIC_KEY,
          secretKey: { env: 'FUZZ_SITE_SECRET' },
          origins: [ORIGIN],
          rateLimit: { perMinute: 1_000_000, siteMinute: 1_000_000 },
        },
      ],
    },
    { FUZZ_SITE_SECRET: SECRET_KEY },
  );
}

const POST_STATUSES = [202, 400, 401, 403, 413, 415, 429];
/** Statuses for the other methods: no route (404), a preflight (204/403), or a body refused before routing. */
const OTHER_STATUSES = [204, 400, 401, 403, 404, 413, 415, 429];

function allowedStatuses(recipe: RequestRecipe): number[] {
  return [...(recipe.method === 'POST' ? POST_STATUSES : OTHER_STATUSES)];
}

/** Checks what holds for every answer, Redis up or down. */
function checkAnswer(recipe: RequestRecipe, response: LightMyRequestResponse, redisDown: boolean): void {
  const status = response.statusCode;
  const allowed = redisDown ? [...allowedStatuses(recipe), 503] : allowedStatuses(recipe);
  expect(allowed, `status ${status}: ${response.body.slice(0, 300)}`).toContain(status);
  if (status === 204 || recipe.method === 'HEAD') return;

  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  if (status !== 202) {
    const error = body.error as { code?: unknown; message?: unknown } | undefined;
    expect(error, response.body.slice(0, 300)).toBeTypeOf('object');
    expect(Object.keys(ERROR_CODES)).toContain(error!.code);
    expect(error!.message).toBeTypeOf('string');
    // The registry fixes the status of each code.
    expect(ERROR_CODES[error!.code as keyof typeof ERROR_CODES].status).toBe(status);
  }
  if (status === 202) {
    expect(body.accepted).toBeTypeOf('number');
    expect(body.duplicates).toBeTypeOf('number');
    expect(Array.isArray(body.rejected)).toBe(true);
    expect(Array.isArray(body.warnings)).toBe(true);
  }
  if ((status === 202 || status === 400) && body.rejected !== undefined) {
    expect(Array.isArray(body.rejected)).toBe(true);
    for (const rejection of body.rejected as { index: unknown; code: unknown; message: unknown }[]) {
      expect(Object.keys(ERROR_CODES)).toContain(rejection.code);
      expect(rejection.index).toBeTypeOf('number');
      expect(rejection.message).toBeTypeOf('string');
    }
  }
  if (status === 429 || status === 503) {
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
  }
  if (status === 503) expect((body.error as { code: string }).code).toBe('QUEUE_UNAVAILABLE');
}

// ---------------------------------------------------------------------------------------------------------

const prefix = randomPrefix();
let up: FastifyInstance;
let down: FastifyInstance;
const seen = new Map<number, number>();

/** Anything that escapes a request handler is a crash waiting for a real server. */
const escaped: unknown[] = [];
const noteEscape = (error: unknown) => escaped.push(error);
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

function assertNotPolluted(): void {
  expect(Object.prototype).not.toHaveProperty(POLLUTION_SENTINEL);
  expect(({} as Record<string, unknown>)[POLLUTION_SENTINEL]).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(typeof ({} as { toString: unknown }).toString).toBe('function');
}

beforeAll(async () => {
  process.on('uncaughtException', noteEscape);
  process.on('unhandledRejection', noteEscape);
  [up, down] = await Promise.all([buildApp(fuzzConfig(REDIS_URL, prefix)), buildApp(fuzzConfig('redis://127.0.0.1:1', randomPrefix()))]);
});

afterAll(async () => {
  process.off('uncaughtException', noteEscape);
  process.off('unhandledRejection', noteEscape);
  await Promise.all([up?.close(), down?.close()]);
  await deletePrefix(prefix);
});

describe('fuzzing POST /v1/events', () => {
  it('with Redis up: never a 5xx, and every rejection carries a registered code', async () => {
    await fc.assert(
      fc.asyncProperty(requestRecipe, async (recipe) => {
        const response = await up.inject(toInject(recipe));
        seen.set(response.statusCode, (seen.get(response.statusCode) ?? 0) + 1);
        checkAnswer(recipe, response, false);
      }),
      params(400, EXAMPLES),
    );
    assertNotPolluted();
    // A fuzz that never reaches the queue, or never gets past the key check, proves little (a replay runs one case).
    if (!process.env.FUZZ_PATH) {
      expect(seen.get(202)).toBeGreaterThan(0);
      expect(seen.get(400)).toBeGreaterThan(0);
    }
    if (process.env.FUZZ_VERBOSE) console.log('statuses with Redis up:', Object.fromEntries(seen));
  });

  it('with Redis up: concurrent requests, which ingest may coalesce, are answered each on its own', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestRecipe, { minLength: 2, maxLength: 8 }), async (recipes) => {
        const responses = await Promise.all(recipes.map((recipe) => up.inject(toInject(recipe))));
        responses.forEach((response, i) => checkAnswer(recipes[i]!, response, false));
      }),
      params(50),
    );
    assertNotPolluted();
  });

  it('with Redis down: 503 QUEUE_UNAVAILABLE for what would be accepted, the same 4xx otherwise, each within a second', async () => {
    await fc.assert(
      fc.asyncProperty(requestRecipe, async (recipe) => {
        const options = toInject(recipe);
        const started = performance.now();
        const answer = await down.inject(options);
        const took = performance.now() - started;
        const reference = await up.inject(options);
        checkAnswer(recipe, answer, true);
        expect(took).toBeLessThan(1_000);
        if (reference.statusCode === 202) expect(answer.statusCode).toBe(503);
        // A check that needs Redis (a rate limit, say) may answer 503 before the body is looked at.
        else expect([reference.statusCode, 503]).toContain(answer.statusCode);
      }),
      params(300, EXAMPLES),
    );
    assertNotPolluted();
  });

  // Found by this fuzzer: the root context answered with Fastify's own error shape.
  it('a broken JSON body on a method /v1/events does not take is answered in the error shape', async () => {
    const response = await up.inject({ method: 'PUT', url: '/v1/events', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(response.statusCode).toBeLessThan(500);
    expect(Object.keys(ERROR_CODES)).toContain(response.json().error?.code);
  });

  // Found by this fuzzer: deep nesting exhausted the stack of the recursive code behind the parser (500).
  it('an event nested 100,000 levels deep is refused with a 4xx, not a 500', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const response = await up.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'content-type': 'application/json', 'x-feedloop-key': PUBLIC_KEY, origin: ORIGIN },
      payload: `{"batch":[${deep}]}`,
    });
    expect(response.statusCode).toBeLessThan(500);
  });

  it('leaves the process serving: /healthz answers and a valid event is still accepted', async () => {
    expect(escaped).toEqual([]);
    expect((await up.inject('/healthz')).statusCode).toBe(200);
    expect((await down.inject('/healthz')).statusCode).toBe(200);
    const response = await postAsBrowser(up, wireEvent());
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    assertNotPolluted();
  });
});

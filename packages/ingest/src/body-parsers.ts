import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LIMITS } from '@feedloop/schema';
import { FeedloopError } from '@feedloop/schema/errors';
import type { FastifyInstance, FastifyRequest, preParsingHookHandler } from 'fastify';

/** Deeper than `max` levels of arrays and objects? Walked without recursion, so depth cannot exhaust the stack. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Length of the (decompressed) body text, for cheap size checks. */
    feedloopBodyChars?: number;
  }
}

function parseJson(request: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void): void {
  request.feedloopBodyChars = body.length;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    done(new FeedloopError('BODY_INVALID', `The body is not valid JSON: ${(error as Error).message}`));
    return;
  }
  if (nestedDeeperThan(parsed, LIMITS.depth)) done(new FeedloopError('BODY_INVALID', `The body nests arrays and objects more than ${LIMITS.depth} levels deep.`));
  else done(null, parsed);
}

/**
 * JSON as `application/json` or as `text/plain` (what `navigator.sendBeacon` and a preflight-free
 * `fetch` send). Everything else is answered by Fastify with 415, mapped to UNSUPPORTED_MEDIA_TYPE.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, parseJson);
}

/** Counts the compressed bytes so that Fastify can still check Content-Length against them. */
class ByteCounter extends Transform {
  receivedEncodedLength = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    done(null, chunk);
  }
}

/** JSON compresses 5 to 20 times; past this a body is built to expand, whatever its final size. */
export const MAX_COMPRESSION_RATIO = 100;
const RATIO_CHECK_AFTER = 64 * 1024;

/** Stops a stream whose output outgrows its compressed input by more than MAX_COMPRESSION_RATIO. */
class RatioGuard extends Transform {
  private out = 0;
  constructor(private readonly input: ByteCounter) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.out += chunk.length;
    if (this.out > RATIO_CHECK_AFTER && this.out > MAX_COMPRESSION_RATIO * this.input.receivedEncodedLength) {
      done(new FeedloopError('PAYLOAD_TOO_LARGE', `The gzip body expands more than ${MAX_COMPRESSION_RATIO} times; send it uncompressed or in smaller parts.`));
      return;
    }
    done(null, chunk);
  }
}

/**
 * Decompresses `Content-Encoding: gzip` bodies as a stream; Fastify's body limit then applies to the
 * decompressed bytes, so a gzip bomb stops at the limit and never fills memory, and an absurd compression ratio
 * stops it sooner.
 */
export const decompressBody: preParsingHookHandler = async (request, _reply, payload) => {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return payload;
  if (encoding !== 'gzip') {
    throw new FeedloopError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${encoding}" is not supported; use gzip or none.`);
  }
  const counter = new ByteCounter();
  const guard = new RatioGuard(counter);
  Object.defineProperty(guard, 'receivedEncodedLength', { get: () => counter.receivedEncodedLength });
  // Errors reach Fastify through the returned stream; the callback only keeps pipeline from throwing.
  return pipeline(payload, counter, createGunzip(), guard, () => {});
};

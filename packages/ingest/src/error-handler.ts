import { errorBody, FeedloopError, type ErrorCode } from '@feedloop/schema/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Fastify answers its own errors by HTTP status; these statuses have a code of their own in the registry. */
const BY_STATUS: Record<number, ErrorCode> = { 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

function fromFastify(error: FastifyError | Error): FeedloopError | undefined {
  // zlib's errors carry no HTTP status: they mean the gzip body itself is broken.
  if ('code' in error && typeof error.code === 'string' && error.code.startsWith('Z_')) {
    return new FeedloopError('BODY_INVALID', 'The gzip body is corrupt.');
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status < 400 || status >= 500) return undefined;
  const code = BY_STATUS[status];
  return code ? new FeedloopError(code) : new FeedloopError('BODY_INVALID', error.message);
}

const RETRY_AFTER: Partial<Record<ErrorCode, string>> = { QUEUE_UNAVAILABLE: '5' };

/** Every error leaves in one shape, `{ error: { code, message } }`, with a code from the registry. */
export function sendError(error: FastifyError | FeedloopError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = error instanceof FeedloopError ? error : fromFastify(error);
  request.feedloopCode = known?.code ?? 'INTERNAL';
  if (!known) {
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(errorBody('INTERNAL'));
  }
  const retryAfter = RETRY_AFTER[known.code];
  if (retryAfter) reply.header('retry-after', retryAfter);
  return reply.code(known.status).send(known.toBody());
}

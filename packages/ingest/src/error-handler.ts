import { errorBody, FeedloopError, type ErrorCode } from '@feedloop/schema/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BODY_INVALID',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_INVALID',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  Z_DATA_ERROR: 'BODY_INVALID',
  Z_BUF_ERROR: 'BODY_INVALID',
};

/** Fastify's own 4xx errors that the table above does not name, by status. */
const BY_STATUS: Record<number, ErrorCode> = { 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

function fromFastify(error: FastifyError | Error): FeedloopError | undefined {
  const code = 'code' in error && typeof error.code === 'string' ? FASTIFY_CODES[error.code] : undefined;
  if (code) return new FeedloopError(code, code === 'BODY_INVALID' && /^Z_/.test(String((error as FastifyError).code)) ? 'The gzip body is corrupt.' : undefined);
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) return new FeedloopError(BY_STATUS[status] ?? 'BODY_INVALID', error.message);
  return undefined;
}

const RETRY_AFTER: Partial<Record<ErrorCode, string>> = { QUEUE_UNAVAILABLE: '5' };

/** Every error leaves in one shape, `{ error: { code, message } }`, with a code from the registry. */
export function sendError(error: FastifyError | FeedloopError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = error instanceof FeedloopError ? error : fromFastify(error);
  if (!known) {
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(errorBody('INTERNAL'));
  }
  const retryAfter = RETRY_AFTER[known.code];
  if (retryAfter) reply.header('retry-after', retryAfter);
  return reply.code(known.status).send(known.toBody());
}

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

const RETRY_AFTER: Partial<Record<ErrorCode, string>> = { QUEUE_UNAVAILABLE: '5' };

/** Every error leaves in one shape, `{ error: { code, message } }`, with a code from the registry. */
export function sendError(error: FastifyError | FeedloopError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known =
    error instanceof FeedloopError
      ? error
      : 'code' in error && typeof error.code === 'string' && FASTIFY_CODES[error.code]
        ? new FeedloopError(FASTIFY_CODES[error.code]!, error.code === 'Z_DATA_ERROR' ? 'The gzip body is corrupt.' : undefined)
        : undefined;
  if (!known) {
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(errorBody('INTERNAL'));
  }
  const retryAfter = RETRY_AFTER[known.code];
  if (retryAfter) reply.header('retry-after', retryAfter);
  return reply.code(known.status).send(known.toBody());
}

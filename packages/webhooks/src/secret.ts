import { WEBHOOK_SECRET_PATTERN } from '@feedloop/schema';
import { FeedloopError } from '@feedloop/schema/errors';

const PREFIX = 'whsec_';

/** The HMAC key inside a `whsec_<base64>` secret. */
export function secretKey(secret: string): Buffer {
  if (!WEBHOOK_SECRET_PATTERN.test(secret)) {
    throw new FeedloopError('WEBHOOK_SECRET_INVALID', 'A webhook secret is whsec_ followed by the base64 of at least 16 bytes.');
  }
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

/** A new random secret in the Standard Webhooks form. */
export function generateSecret(bytes = 24): string {
  return PREFIX + Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64');
}

import { FeedloopError } from '@feedloop/schema/errors';

const PREFIX = 'whsec_';

/** The HMAC key inside a `whsec_<base64>` secret. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new FeedloopError('WEBHOOK_SECRET_INVALID');
  const encoded = secret.slice(PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    throw new FeedloopError('WEBHOOK_SECRET_INVALID', 'A webhook secret is whsec_ followed by at least 16 bytes in base64.');
  }
  return key;
}

/** A new random secret in the Standard Webhooks form. */
export function generateSecret(bytes = 24): string {
  return PREFIX + Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64');
}

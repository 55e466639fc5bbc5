import { createHash, timingSafeEqual } from 'node:crypto';
import { FeedloopError } from '@feedloop/schema/errors';

const MIN_SECRET_LENGTH = 16;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares SHA-256 digests in constant time, so neither the secret's content nor its length leaks through timing. */
export function secretChecker(secret: string): (authorization: string | undefined) => boolean {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new FeedloopError('CONFIG_INVALID', `registerAdmin: the admin secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const expected = digest(secret);
  return (authorization) => {
    const presented = presentedSecret(authorization);
    return presented !== undefined && timingSafeEqual(digest(presented), expected);
  };
}

/** The password of `Basic base64(user:password)` (any user name) or the token of `Bearer <token>`. */
function presentedSecret(authorization: string | undefined): string | undefined {
  const match = authorization === undefined ? null : /^([A-Za-z]+) +(.+)$/s.exec(authorization);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const credentials = match[2]!;
  if (scheme === 'bearer') return credentials;
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(credentials.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

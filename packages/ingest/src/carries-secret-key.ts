import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Both sides are hashed with a key of this process before the comparison: equal lengths, so neither the secret's
// length nor (for an unknown site, compared against nothing) its absence shows in the timing.
const KEY = randomBytes(32);
const digest = (value: string) => createHmac('sha256', KEY).update(value).digest();

// The sites' keys (from the configuration, so few) are digested once: a request then costs the same whatever the
// length of the key it is compared with (npm run bench:secrets measures it).
const keyDigests = new Map<string, Buffer>();
function keyDigest(secretKey: string): Buffer {
  let known = keyDigests.get(secretKey);
  if (!known) keyDigests.set(secretKey, (known = digest(secretKey)));
  return known;
}

/** Whether `Authorization: Bearer <key>` carries the site's secret key, compared in constant time. */
export function carriesSecretKey(authorization: string | undefined, secretKey: string | undefined): boolean {
  const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const equal = timingSafeEqual(digest(given), keyDigest(secretKey ?? ''));
  return equal && given !== '' && secretKey !== undefined;
}

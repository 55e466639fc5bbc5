import { timingSafeEqual } from 'node:crypto';

/** Whether `Authorization: Bearer <key>` carries the site's secret key, compared in constant time. */
export function carriesSecretKey(authorization: string | undefined, secretKey: string | undefined): boolean {
  const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
  if (!given || !secretKey) return false;
  const [a, b] = [Buffer.from(given), Buffer.from(secretKey)];
  return a.length === b.length && timingSafeEqual(a, b);
}

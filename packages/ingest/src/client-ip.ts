import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Config } from '@feedloop/runtime';

/** The eight 16-bit groups of an IPv6 address, `::` expanded. */
function ipv6Groups(ip: string): string[] {
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}

/** The client's network, not the client: IPv4 to its /24, IPv6 to its /48. */
export function truncateIp(ip: string): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const v4 = mapped ?? ip;
  if (isIPv4(v4)) return v4.replace(/\.\d+$/, '.0');
  if (isIPv6(ip)) return `${ipv6Groups(ip).slice(0, 3).join(':')}::`;
  return undefined;
}

/** The part of `privacy` that concerns addresses. */
export type IpPrivacy = Pick<Config['privacy'], 'ip' | 'ipSalt'>;

/** What of the client's IP may go into Redis, per `privacy.ip`. A raw address never does. */
export function protectIp(ip: string | undefined, privacy: IpPrivacy): string | undefined {
  if (!ip || privacy.ip === 'drop') return undefined;
  if (privacy.ip === 'hash') return createHmac('sha256', privacy.ipSalt!).update(ip).digest('base64url').slice(0, 22);
  return truncateIp(ip);
}

const clientNames = new Map<string, string>();

/**
 * Who a request counts against in the per-IP rate limit, as a keyed hash so the counters hold no address. With
 * `privacy.ipSalt` that is the address (an IPv6 client, its /64: one host has a whole /64 to pick from); without a
 * secret to key the hash, anyone could reverse it by trying every IPv4 address, so it is the client's network
 * (/24, /48): no more than `truncate` already keeps.
 */
export function rateLimitClient(ip: string, privacy: IpPrivacy): string {
  const salt = privacy.ipSalt ?? 'feedloop rate limit';
  const cached = clientNames.get(salt + ip);
  if (cached) return cached;
  // A client sends many requests: the HMAC is worked out once per address (bounded, like the counters' window).
  if (clientNames.size > 10_000) clientNames.clear();
  const v6 = isIPv6(ip) && !/^::ffff:\d/i.test(ip);
  const client = !privacy.ipSalt ? (truncateIp(ip) ?? ip) : v6 ? ipv6Groups(ip).slice(0, 4).join(':') : ip.replace(/^::ffff:/i, '');
  const name = createHmac('sha256', salt).update(client).digest('base64url').slice(0, 16);
  clientNames.set(salt + ip, name);
  return name;
}

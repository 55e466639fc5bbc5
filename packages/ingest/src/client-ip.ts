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

/** What of the client's IP may go into Redis, per `privacy.ip`. A raw address never does. */
export function protectIp(ip: string | undefined, privacy: Config['privacy']): string | undefined {
  if (!ip || privacy.ip === 'drop') return undefined;
  if (privacy.ip === 'hash') return createHmac('sha256', privacy.ipSalt!).update(ip).digest('base64url').slice(0, 22);
  return truncateIp(ip);
}

const clientNames = new Map<string, string>();

/** The name of the client in the per-IP rate-limit counters: keyed, so the counters do not hold addresses. */
export function rateLimitClient(ip: string, privacy: Config['privacy']): string {
  const salt = privacy.ipSalt ?? 'feedloop rate limit';
  const cached = clientNames.get(salt + ip);
  if (cached) return cached;
  // A client sends many requests: the HMAC is worked out once per address (bounded, like the counters' window).
  if (clientNames.size > 10_000) clientNames.clear();
  const name = createHmac('sha256', salt).update(ip).digest('base64url').slice(0, 16);
  clientNames.set(salt + ip, name);
  return name;
}

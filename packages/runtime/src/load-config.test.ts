import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, type ConfigProblem } from './load-config.js';

// The shape issue #2 promises to keep working.
const ISSUE_SHAPE = {
  redis: { url: 'redis://127.0.0.1:6379', prefix: 'feedloop' },
  ingest: { host: '127.0.0.1', port: 8787 },
  sites: [{ id: 'demo', publicKey: 'pk_demo_123456', origins: ['http://127.0.0.1:8787'] }],
  destinations: [
    { id: 'inbox', type: 'webhook', url: 'http://127.0.0.1:8788/hook', secret: { env: 'FEEDLOOP_WEBHOOK_SECRET' }, allowPrivateNetworks: true },
  ],
};
const env = { FEEDLOOP_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=' };

function problemsOf(input: unknown, environment: NodeJS.ProcessEnv = env): ConfigProblem[] {
  try {
    parseConfig(input, environment);
  } catch (error) {
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    return (error as { details: ConfigProblem[] }).details;
  }
  throw new Error('expected the config to be refused');
}

describe('parseConfig', () => {
  it('accepts the documented shape and reads secrets from the environment', () => {
    const config = parseConfig(ISSUE_SHAPE, env);
    const [destination] = config.destinations;
    expect(destination).toMatchObject({ id: 'inbox', type: 'webhook', secret: env.FEEDLOOP_WEBHOOK_SECRET });
    expect(destination?.retry).toEqual({ attempts: 10, backoffMs: 15_000 });
    expect(config.ingest.port).toBe(8787);
  });

  it('freezes the result', () => {
    const config = parseConfig(ISSUE_SHAPE, env);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.sites[0])).toBe(true);
    expect(() => ((config.redis as { url: string }).url = 'redis://elsewhere')).toThrow(TypeError);
  });

  it('lets REDIS_URL override redis.url', () => {
    const config = parseConfig(ISSUE_SHAPE, { ...env, REDIS_URL: 'redis://10.1.2.3:6380' });
    expect(config.redis.url).toBe('redis://10.1.2.3:6380');
    expect(config.redis.prefix).toBe('feedloop');
  });

  it('says which environment variable is missing, at its path', () => {
    expect(problemsOf(ISSUE_SHAPE, {})).toEqual([
      { path: 'destinations.0.secret', message: 'environment variable FEEDLOOP_WEBHOOK_SECRET is not set' },
    ]);
  });

  it('refuses a secret written in the file', () => {
    const input = { ...ISSUE_SHAPE, destinations: [{ ...ISSUE_SHAPE.destinations[0], secret: 'whsec_plain' }] };
    expect(problemsOf(input).map((p) => p.path)).toEqual(['destinations.0.secret']);
  });

  it('lists every problem with its path', () => {
    const input = {
      redis: { url: 'http://nope' },
      ingest: { port: 70000 },
      sites: [{ id: 'Demo!', publicKey: 'pk' }],
      destinations: [{ id: 'x', type: 'carrier-pigeon' }],
    };
    const paths = problemsOf(input).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['redis.url', 'ingest.port', 'sites.0.id', 'sites.0.publicKey', 'destinations.0.type']));
  });

  it('refuses duplicate site ids, keys and destination ids', () => {
    const site = ISSUE_SHAPE.sites[0]!;
    const destination = ISSUE_SHAPE.destinations[0]!;
    const input = { ...ISSUE_SHAPE, sites: [site, { ...site }], destinations: [destination, destination] };
    expect(problemsOf(input).map((p) => p.path).sort()).toEqual(['destinations.1.id', 'sites.1.id', 'sites.1.publicKey']);
  });

  it('defaults the enrichment keys so that older configs still parse', () => {
    const config = parseConfig(ISSUE_SHAPE, env);
    expect(config.privacy).toMatchObject({ ip: 'truncate', redact: [], keepQuery: [] });
    expect(config.enrich).toEqual({ defaultTopics: true });
    expect(config.sites[0]?.keepQuery).toBeUndefined();
    expect(config.sites[0]?.topics).toBeUndefined();
  });

  it('reads redaction, kept query parameters and topics, and refuses unknown redaction kinds', () => {
    const input = {
      ...ISSUE_SHAPE,
      sites: [{ ...ISSUE_SHAPE.sites[0], keepQuery: ['ref'], topics: { returns: ['refund', 'return label'] } }],
      privacy: { ip: 'truncate', redact: ['email', 'phone', 'card'], keepQuery: ['utm_source'] },
      enrich: { geoip: '/data/country.mmdb', topics: { delivery: ['shipping', 'late', 'courier'] }, defaultTopics: false },
    };
    const config = parseConfig(input, env);
    expect(config.privacy.redact).toEqual(['email', 'phone', 'card']);
    expect(config.privacy.keepQuery).toEqual(['utm_source']);
    expect(config.sites[0]).toMatchObject({ keepQuery: ['ref'], topics: { returns: ['refund', 'return label'] } });
    expect(config.enrich).toEqual({ geoip: '/data/country.mmdb', topics: { delivery: ['shipping', 'late', 'courier'] }, defaultTopics: false });
    expect(problemsOf({ ...input, privacy: { redact: ['ssn'] } }).map((p) => p.path)).toEqual(['privacy.redact.0']);
  });

  it('needs at least one site', () => {
    expect(problemsOf({ sites: [] }).map((p) => p.path)).toEqual(['sites']);
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'feedloop-config-'));

  it('reads a JSON file', async () => {
    const file = join(dir, 'feedloop.config.json');
    writeFileSync(file, JSON.stringify(ISSUE_SHAPE));
    await expect(loadConfig(file, env)).resolves.toMatchObject({ sites: [{ id: 'demo' }] });
  });

  it('reads an .mjs file’s default export', async () => {
    const file = join(dir, 'feedloop.config.mjs');
    writeFileSync(file, `export default ${JSON.stringify(ISSUE_SHAPE)};`);
    await expect(loadConfig(file, env)).resolves.toMatchObject({ destinations: [{ id: 'inbox' }] });
  });

  it('resolves a relative enrich.geoip against the config file’s folder', async () => {
    const nested = mkdtempSync(join(dir, 'nested-'));
    const relative = join(nested, 'relative.json');
    writeFileSync(relative, JSON.stringify({ ...ISSUE_SHAPE, enrich: { geoip: '../data/country.mmdb' } }));
    await expect(loadConfig(relative, env)).resolves.toMatchObject({ enrich: { geoip: join(dir, 'data', 'country.mmdb') } });
    const absolute = join(nested, 'absolute.json');
    writeFileSync(absolute, JSON.stringify({ ...ISSUE_SHAPE, enrich: { geoip: '/srv/geo/country.mmdb' } }));
    await expect(loadConfig(absolute, env)).resolves.toMatchObject({ enrich: { geoip: '/srv/geo/country.mmdb' } });
  });

  it('says when the file is missing or not JSON', async () => {
    await expect(loadConfig(join(dir, 'missing.json'), env)).rejects.toMatchObject({ code: 'CONFIG_UNREADABLE' });
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "sites": [');
    await expect(loadConfig(broken, env)).rejects.toMatchObject({ code: 'CONFIG_UNREADABLE' });
  });
});

describe('webhook secrets', () => {
  it('must be whsec_ secrets, checked at start-up without echoing them', () => {
    const problems = problemsOf(ISSUE_SHAPE, { FEEDLOOP_WEBHOOK_SECRET: 'hunter2' });
    expect(problems).toEqual([{ path: 'destinations.0.secret', message: expect.stringContaining('whsec_') }]);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../bin/feedloop.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'feedloop-cli-'));

async function feedloop(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('feedloop command', () => {
  it('check-config accepts the demo configuration with the demo env file', async () => {
    const result = await feedloop(['check-config', '--config', 'examples/demo/feedloop.config.json', '--env-file', 'examples/demo/demo.env']);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('is valid') });
  });

  it('check-config lists every problem with its path and exits 1', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ingest: { port: 'eighty' }, sites: [{ id: 'x', publicKey: 'pk' }], destinations: [{ id: 'd', type: 'webhook', url: 'http://x', secret: { env: 'NOPE_SECRET' } }] }));
    const result = await feedloop(['check-config', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ingest.port');
    expect(result.stderr).toContain('sites.0.publicKey');
    expect(result.stderr).toContain('destinations.0.secret: environment variable NOPE_SECRET is not set');
  });

  it('start stops at once with a clear message on a bad configuration', async () => {
    const result = await feedloop(['start', '--config', join(dir, 'missing.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot read the configuration .*missing\.json/);
  });

  it('prints help, and refuses unknown commands', async () => {
    expect((await feedloop(['--help'])).stdout).toContain('check-config');
    expect((await feedloop(['launch'])).code).toBe(1);
  });
});

describe('feedloop start with no Redis running', () => {
  it('starts a throwaway redis-server, takes ratings, and stops it all on SIGINT', async () => {
    const { freePort } = await import('./local-redis.js');
    const { redisAnswers } = await import('@feedloop/runtime');
    const { spawn } = await import('node:child_process');
    const { createInterface } = await import('node:readline');
    const [silentRedis, port] = [await freePort(), await freePort()];
    const file = join(dir, 'no-redis.json');
    writeFileSync(file, JSON.stringify({
      redis: { url: `redis://127.0.0.1:${silentRedis}`, prefix: 'cli-test' },
      ingest: { host: '127.0.0.1', port },
      sites: [{ id: 'demo', publicKey: 'pk_cli_test_1234', secretKey: { env: 'CLI_TEST_SECRET_KEY' } }],
    }));
    const { REDIS_URL: _ignored, ...rest } = process.env;
    const env = { ...rest, CLI_TEST_SECRET_KEY: 'sk_cli_test_5678' };
    const child = spawn(process.execPath, [bin, 'start', '--config', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const lines: Record<string, unknown>[] = [];
    await new Promise<void>((resolve, reject) => {
      setTimeout(() => reject(new Error('not ready in 20 s')), 20_000).unref();
      createInterface({ input: child.stdout! }).on('line', (line) => {
        lines.push(JSON.parse(line) as Record<string, unknown>);
        if (line.includes('feedloop ready')) resolve();
      });
    });
    const throwaway = String(lines.find((l) => String(l.msg).includes('throwaway redis-server'))?.url);
    expect(throwaway).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`http://127.0.0.1:${port}/v1/events?key=pk_cli_test_1234`, {
      method: 'POST',
      // A server's request: no Origin, so the secret key.
      headers: { 'content-type': 'text/plain', authorization: 'Bearer sk_cli_test_5678' },
      body: JSON.stringify({ id: crypto.randomUUID(), touchpoint: 'checkout', metric: 'csat', value: 5, createdAt: new Date().toISOString() }),
    });
    expect(response.status).toBe(202);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await redisAnswers(throwaway, 300)).toBe(false);
  });
});

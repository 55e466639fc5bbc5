import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = new URL('../../packages/cli/bin/feedloop.js', import.meta.url).pathname;

export interface FeedloopProcess {
  child: ChildProcess;
  ready: Record<string, unknown>;
  logs: string[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `feedloop <args>` with `config` written to a temporary file, until it logs that it is ready. */
export async function runFeedloop(config: unknown, args: string[], env: NodeJS.ProcessEnv = {}): Promise<FeedloopProcess> {
  const file = join(mkdtempSync(join(tmpdir(), 'feedloop-e2e-')), 'feedloop.config.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [BIN, ...args, '--config', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A process that never got ready must not outlive the test that cannot stop it.
      child.kill('SIGKILL');
      reject(new Error(`feedloop did not start:\n${logs.join('\n')}`));
    }, 20_000);
    void exited.then((code) => reject(new Error(`feedloop exited with ${code}:\n${logs.join('\n')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      if (line.includes('"feedloop ready')) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, unknown>);
      }
    });
  });
  return {
    child,
    ready,
    logs,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

const DEMO = JSON.parse(readFileSync(new URL('../../examples/demo/feedloop.config.json', import.meta.url), 'utf8'));

/** The demo's own configuration, moved to `port`, a private key prefix, and another webhook URL. */
export function demoConfig(options: { port: number; redisUrl: string; prefix: string; webhookUrl: string; secret?: { env: string } }) {
  const origin = `http://127.0.0.1:${options.port}`;
  return {
    ...DEMO,
    // Written to a temporary folder: the demo's GeoIP path, relative to examples/demo, is made absolute.
    enrich: { ...DEMO.enrich, geoip: fileURLToPath(new URL(`../../examples/demo/${DEMO.enrich.geoip}`, import.meta.url)) },
    redis: { url: options.redisUrl, prefix: options.prefix },
    ingest: { host: '127.0.0.1', port: options.port },
    // The demo site's secret key (for the dashboard) comes from demo.env; these runs take browser requests only.
    sites: [{ ...DEMO.sites[0], secretKey: undefined, origins: [origin] }],
    destinations: [{ ...DEMO.destinations[0], url: options.webhookUrl, ...(options.secret ? { secret: options.secret } : {}) }],
  };
}

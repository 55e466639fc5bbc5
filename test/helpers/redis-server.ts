import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisAnswers } from '@feedloop/runtime';
import { freePort } from '../../packages/cli/src/local-redis.js';

export interface AofRedisOptions {
  /** `always` (the default here) fsyncs every write before answering; production runs `everysec`. */
  appendfsync?: 'always' | 'everysec' | 'no';
}

/**
 * A throwaway `redis-server` of a test's own, with the append-only file on, that the test may stop (gracefully or
 * with SIGKILL) and start again on the same port and data directory, as a restarted production Redis would be.
 */
export interface AofRedis {
  port: number;
  url: string;
  /** The data directory, where the AOF lives. */
  dir: string;
  /** redis-server's own log lines, across restarts. */
  logs: string[];
  /** True while a redis-server of ours is running. */
  readonly running: boolean;
  /** Stops the server: SIGTERM lets it flush the AOF and exit; SIGKILL does not. Resolves once it has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port and directory; resolves once it has loaded its data and answers PING. */
  restart(): Promise<void>;
  /** Stops it (SIGKILL) and deletes its directory. Safe to call more than once. */
  close(): Promise<void>;
}

async function waitUntilAnswering(url: string, child: ChildProcess, logs: string[], deadlineMs = 15_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}):\n${logs.slice(-20).join('\n')}`);
    }
    // While it loads the AOF, redis-server answers LOADING, not PONG.
    if (await redisAnswers(url, 300)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer within ${deadlineMs} ms:\n${logs.slice(-20).join('\n')}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startAofRedis(options: AofRedisOptions = {}): Promise<AofRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'feedloop-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  const logs: string[] = [];
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--appendonly', 'yes',
    '--appendfsync', options.appendfsync ?? 'always',
    '--save', '',
    '--protected-mode', 'yes',
  ];
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    for (const stream of [started.stdout!, started.stderr!]) stream.on('data', (chunk: Buffer) => logs.push(...chunk.toString().trimEnd().split('\n')));
    started.once('error', (error) => logs.push(`spawn error: ${error.message}`));
    try {
      await waitUntilAnswering(url, started, logs);
    } catch (error) {
      started.kill('SIGKILL');
      await exited(started);
      throw error;
    }
  }

  async function stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const current = child;
    if (!current) return;
    child = undefined;
    if (current.exitCode === null && current.signalCode === null) current.kill(signal);
    await exited(current);
  }

  await launch();
  return {
    port,
    url,
    dir,
    logs,
    get running() {
      return child !== undefined;
    },
    stop,
    async restart() {
      if (child) throw new Error('redis-server is still running: stop it first');
      await launch();
    },
    async close() {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

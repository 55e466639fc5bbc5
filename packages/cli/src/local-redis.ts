import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { redactUrl, redisAnswers, type Logger } from '@feedloop/runtime';
import { isLoopbackUrl } from './loopback.js';

export interface RedisHandle {
  url: string;
  stop(): Promise<void>;
}

const INSTALL_HINT = `No Redis is reachable and no redis-server is installed. Install one, then run this again:
  Debian/Ubuntu:  sudo apt-get install redis-server
  macOS:          brew install redis
  or point REDIS_URL at any Redis 6.2+ (or Valkey) server.`;

export class RedisUnavailableError extends Error {}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function waitUntilAnswering(url: string, child: ChildProcess, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new RedisUnavailableError(`redis-server exited with code ${child.exitCode}`);
    if (await redisAnswers(url, 300)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new RedisUnavailableError('redis-server did not answer within 10 s');
}

/**
 * The configured Redis when it answers; otherwise, for a local URL with no REDIS_URL override, a
 * throwaway `redis-server` on a free port that keeps nothing on disk and stops with us.
 */
export async function ensureRedis(url: string, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<RedisHandle> {
  if (await redisAnswers(url)) return { url, stop: async () => {} };
  if (env.REDIS_URL || !isLoopbackUrl(url)) throw new RedisUnavailableError(`Redis at ${redactUrl(url)} does not answer.`);
  if (!hasRedisServer()) throw new RedisUnavailableError(INSTALL_HINT);

  const local = await startRedisServer();
  logger.info({ url: local.url }, `nothing answered at ${redactUrl(url)}: started a throwaway redis-server`);
  return local;
}

/**
 * A Redis Cluster is never started for you: one of its nodes must answer (the clients find the others), else
 * start-up stops with a clear message. `url` is kept as the config has it (a cluster does not use it).
 */
export async function ensureCluster(nodes: readonly string[], url: string): Promise<RedisHandle> {
  const answers = await Promise.all(nodes.map((node) => redisAnswers(node)));
  if (!answers.includes(true)) throw new RedisUnavailableError(`No node of the Redis Cluster answers (${nodes.map(redactUrl).join(', ')}).`);
  return { url, stop: async () => {} };
}

/** A `redis-server` of our own on 127.0.0.1 (on `port`, or a free one) that keeps nothing on disk. */
export async function startRedisServer(port?: number): Promise<RedisHandle> {
  port ??= await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const localUrl = `redis://127.0.0.1:${port}`;
  await waitUntilAnswering(localUrl, child);
  return {
    url: localUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

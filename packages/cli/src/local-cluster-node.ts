// The redis-server processes of a throwaway local Redis Cluster (local-cluster.ts): started on free loopback ports,
// tracked, and killed with their temp directories when the cluster stops or this process exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './local-redis.js';
export const HOST = '127.0.0.1';
const NODE_TIMEOUT_MS = 2_000;
const START_DEADLINE_MS = 10_000;

/** Every redis-server any cluster of this process started and that has not exited yet. */
const running = new Set<ChildProcess>();
/** The temp directories of clusters not stopped yet. */
export const dirs = new Set<string>();
let exitHooked = false;

function killAllSync(): void {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** No orphans: our redis-servers die with this process, whether it exits or is told to by a signal. */
export function hookProcessExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAllSync();
      // Alone, a listener would stop the signal from ending the process: with no one else listening, end it as
      // the signal would have.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited(child);
  running.delete(child);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function logTail(logFile: string, lines = 15): string {
  if (!existsSync(logFile)) return '(no log)';
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** A connection for setting the cluster up: fails fast rather than retrying. */
export function adminConnection(port: number): Redis {
  const client = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  return client;
}

/** The pid of whatever redis-server answers on `port`, or undefined while nothing does. */
async function answeringPid(port: number): Promise<number | undefined> {
  const client = adminConnection(port);
  try {
    await client.connect();
    const info = await client.info('server');
    const pid = /^process_id:(\d+)/m.exec(info)?.[1];
    return pid === undefined ? undefined : Number(pid);
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/** `count` ports that nothing listened on a moment ago, none of them in `taken`, to which they are added. */
async function distinctFreePorts(count: number, taken: Set<number>): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (taken.has(port)) continue;
    taken.add(port);
    ports.push(port);
  }
  return ports;
}

export interface StartedNode {
  port: number;
  busPort: number;
  child: ChildProcess;
  logFile: string;
}

class PortTaken extends Error {}

/**
 * One cluster-enabled redis-server on `port`, answering PING. The bus port is given explicitly (`--cluster-port`,
 * Redis 7): the default, port + 10000, is above 65535 for the top fifth of the ephemeral range freePort() draws from, and
 * nobody checked it was free. Throws PortTaken when the server could not bind or another server answers there.
 */
async function startNode(dir: string, port: number, busPort: number): Promise<StartedNode> {
  const logFile = join(dir, `redis-${port}.log`);
  const args = [
    '--port', String(port),
    '--bind', HOST,
    '--cluster-enabled', 'yes',
    '--cluster-port', String(busPort),
    // A node learns its own address from its peers' MEET; alone (masters: 1) it never would, and CLUSTER SLOTS
    // would give clients an empty host.
    '--cluster-announce-ip', HOST,
    '--cluster-config-file', join(dir, `nodes-${port}.conf`),
    '--cluster-node-timeout', String(NODE_TIMEOUT_MS),
    '--save', '',
    '--appendonly', 'no',
    '--dir', dir,
    '--logfile', logFile,
    '--daemonize', 'no',
    '--protected-mode', 'no',
  ];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  running.add(child);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  child.once('exit', () => running.delete(child));

  const until = Date.now() + START_DEADLINE_MS;
  while (Date.now() < until) {
    if (spawnError) {
      running.delete(child);
      throw new Error(`could not start redis-server: ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = logTail(logFile);
      const error = /address already in use|Could not create server TCP listening socket/i.test(log)
        ? new PortTaken(`port ${port} or bus port ${busPort} taken:\n${log}`)
        : new Error(`redis-server on ${port} exited (${child.exitCode ?? child.signalCode}):\n${log}`);
      throw error;
    }
    const pid = await answeringPid(port);
    if (pid !== undefined) {
      if (pid === child.pid) return { port, busPort, child, logFile };
      // Another test's redis-server took the port between freePort() and our bind; ours is about to exit.
      await kill(child);
      throw new PortTaken(`another redis-server (pid ${pid}) answers on ${port}`);
    }
    await sleep(15);
  }
  await kill(child);
  throw new Error(`redis-server on ${port} did not answer within ${START_DEADLINE_MS} ms:\n${logTail(logFile)}`);
}

/** startNode on fresh ports, once more on other fresh ports if the first were taken meanwhile. */
export async function startNodeRetrying(dir: string, avoid: Set<number>): Promise<StartedNode> {
  for (let attempt = 1; ; attempt++) {
    const [port, busPort] = await distinctFreePorts(2, avoid);
    try {
      return await startNode(dir, port!, busPort!);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt >= 2) throw error;
    }
  }
}


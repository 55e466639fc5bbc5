import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { HOST, hookProcessExit, kill, adminConnection, startNodeRetrying, dirs, sleep, type StartedNode } from './local-cluster-node.js';

export interface RedisClusterOptions {
  /** How many masters (no replicas); 3 unless told. Redis needs at least 1; a real cluster has 3 or more. */
  masters?: number;
}

/**
 * A throwaway Redis Cluster of a test's own: `masters` redis-servers on free loopback ports, the 16384 slots split
 * evenly among them in port order, no replicas, nothing on disk but `nodes-<port>.conf` in a temp directory.
 */
export interface RedisCluster {
  /** `redis://127.0.0.1:<port>`, one per master, in slot order (node 0 owns slot 0). */
  nodes: string[];
  /** The masters' client ports, as in `nodes`. */
  ports: number[];
  /** Their cluster-bus ports (`--cluster-port`, not port + 10000: see startNode). */
  busPorts: number[];
  /** The redis-servers' pids, as in `nodes`. */
  pids: number[];
  /** The directory holding the nodes' `nodes-<port>.conf` and `redis-<port>.log`; deleted by stop(). */
  dir: string;
  /** SIGKILLs every node still running, waits until they have exited and deletes `dir`. Safe to call more than once. */
  stop(): Promise<void>;
  /** SIGKILLs master `index` (no failover: there are no replicas) and resolves once it has exited. */
  killNode(index: number): Promise<void>;
}


const SLOTS = 16_384;
const FORM_DEADLINE_MS = 15_000;
function parseInfo(info: string): Record<string, string> {
  return Object.fromEntries(
    info
      .split(/\r?\n/)
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
  );
}

/** Why `node` does not yet see a healthy cluster of `count` nodes, or undefined once it does. */
async function notReadyBecause(node: Redis, count: number): Promise<string | undefined> {
  const info = parseInfo(String(await node.call('CLUSTER', 'INFO')));
  if (info.cluster_state !== 'ok') return `cluster_state:${info.cluster_state}`;
  if (info.cluster_known_nodes !== String(count)) return `cluster_known_nodes:${info.cluster_known_nodes}`;
  if (info.cluster_slots_ok !== String(SLOTS)) return `cluster_slots_ok:${info.cluster_slots_ok}`;
  const lines = String(await node.call('CLUSTER', 'NODES')).trim().split('\n');
  const unsettled = lines.find((line) => /handshake|fail|noaddr/.test(line.split(' ')[2] ?? ''));
  if (unsettled) return `unsettled: ${unsettled}`;
  if (lines.filter((line) => / connected/.test(line)).length !== count) return 'not every link connected';
  return undefined;
}

/** Slot ranges [first, last] for `count` masters, as even as can be. */
function slotRanges(count: number): Array<[number, number]> {
  return Array.from({ length: count }, (_, i) => [Math.floor((i * SLOTS) / count), Math.floor(((i + 1) * SLOTS) / count) - 1]);
}

/**
 * Forms the cluster by hand, as `redis-cli --cluster create` would (so no redis-cli is needed): each node gets its
 * slots and a distinct config epoch while it is still alone, then every node meets every other one.
 */
async function formCluster(nodes: StartedNode[]): Promise<void> {
  const admins = nodes.map((node) => adminConnection(node.port));
  try {
    await Promise.all(admins.map((admin) => admin.connect()));
    const ranges = slotRanges(nodes.length);
    await Promise.all(
      admins.map(async (admin, i) => {
        await admin.call('CLUSTER', 'ADDSLOTSRANGE', ranges[i]![0], ranges[i]![1]);
        // Distinct epochs up front spare the nodes resolving the collision of all-zero epochs by themselves.
        await admin.call('CLUSTER', 'SET-CONFIG-EPOCH', i + 1);
      }),
    );
    // Every pair meets directly: left to gossip, a node can take seconds more to hear of a third one.
    await Promise.all(
      admins.flatMap((admin, i) => nodes.slice(i + 1).map((node) => admin.call('CLUSTER', 'MEET', HOST, node.port, node.busPort))),
    );

    const until = Date.now() + FORM_DEADLINE_MS;
    let reason: string | undefined = 'not checked';
    while (Date.now() < until) {
      const reasons = await Promise.all(admins.map((admin) => notReadyBecause(admin, nodes.length)));
      reason = reasons.map((r, i) => (r ? `node ${nodes[i]!.port}: ${r}` : undefined)).find(Boolean);
      if (!reason) break;
      await sleep(25);
    }
    if (reason) throw new Error(`Redis Cluster did not form within ${FORM_DEADLINE_MS} ms: ${reason}`);
  } finally {
    for (const admin of admins) admin.disconnect();
  }
}

/** A hash tag whose slot lies in each node's range, in node order. */
async function tagsPerNode(port: number, count: number): Promise<string[]> {
  const admin = adminConnection(port);
  try {
    await admin.connect();
    const ranges = slotRanges(count);
    const tags: Array<string | undefined> = new Array(count).fill(undefined);
    for (let i = 0; tags.includes(undefined) && i < 10_000; i++) {
      const slot = Number(await admin.call('CLUSTER', 'KEYSLOT', `{tag${i}}`));
      const owner = ranges.findIndex(([first, last]) => slot >= first && slot <= last);
      tags[owner] ??= `tag${i}`;
    }
    return tags as string[];
  } finally {
    admin.disconnect();
  }
}

/** Waits until a cluster client, as tests will use one, can write and read a key on every master. */
async function waitUntilClientServes(nodes: StartedNode[]): Promise<void> {
  const tags = await tagsPerNode(nodes[0]!.port, nodes.length);
  const client = new Cluster(nodes.map((node) => ({ host: HOST, port: node.port })), {
    redisOptions: { connectTimeout: 1_000 },
    clusterRetryStrategy: (times) => (times > 20 ? null : 50),
  });
  client.on('error', () => {});
  try {
    for (const tag of tags) {
      const key = `feedloop-harness:{${tag}}:ready`;
      await client.set(key, tag);
      if ((await client.get(key)) !== tag) throw new Error(`the cluster client read back something else for ${key}`);
      await client.del(key);
    }
  } finally {
    client.disconnect();
  }
}

/**
 * Starts a Redis Cluster of `masters` masters (3 unless told) on free loopback ports and resolves once every node
 * reports `cluster_state:ok`, knows all the others, and an ioredis `Cluster` has written a key on every master.
 * Call `stop()` when done; the servers are killed with this process anyway.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  if (!Number.isInteger(masters) || masters < 1) throw new Error(`masters must be a positive integer, not ${masters}`);
  hookProcessExit();
  const dir = mkdtempSync(join(tmpdir(), 'feedloop-redis-cluster-'));
  dirs.add(dir);
  const started: StartedNode[] = [];
  let stopped = false;

  async function stop(): Promise<void> {
    stopped = true;
    await Promise.all(started.map((node) => kill(node.child)));
    rmSync(dir, { recursive: true, force: true });
    dirs.delete(dir);
  }

  try {
    const avoid = new Set<number>();
    const results = await Promise.allSettled(Array.from({ length: masters }, () => startNodeRetrying(dir, avoid)));
    for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    await formCluster(started);
    await waitUntilClientServes(started);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    nodes: started.map((node) => `redis://${HOST}:${node.port}`),
    ports: started.map((node) => node.port),
    busPorts: started.map((node) => node.busPort),
    pids: started.map((node) => node.child.pid!),
    dir,
    stop,
    async killNode(index) {
      const node = started[index];
      if (!node) throw new RangeError(`no node ${index}: the cluster has ${started.length}`);
      if (stopped) return;
      await kill(node.child);
    },
  };
}

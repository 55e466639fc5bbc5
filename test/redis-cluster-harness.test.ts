import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Queue, Worker, type Job } from 'bullmq';
import { Cluster, type ClusterOptions } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomPrefix } from './helpers/redis.js';
import { startRedisCluster, type RedisCluster } from './helpers/redis-cluster.js';

/**
 * Issue "Scale-out: Redis Cluster": the harness (test/helpers/redis-cluster.ts) gives a test a real three-master
 * cluster of its own. This checks it is one: keys spread over the masters by hash slot, multi-key commands work
 * within a slot and fail across slots, BullMQ runs on it with a hash-tagged queue name, and stop() leaves nothing.
 */

let cluster: RedisCluster;
let startupMs: number;
const clients: Cluster[] = [];
/** BullMQ queues and workers to close before their connections go. */
const closers: Array<() => Promise<void>> = [];

function clusterClient(options: ClusterOptions = {}): Cluster {
  const client = new Cluster(
    cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
    options,
  );
  clients.push(client);
  return client;
}

/** Resolves once `client` has loaded the slot map: until then `client.nodes()` is empty. */
function ready(client: Cluster): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    client.once('ready', resolve);
    client.once('end', () => reject(new Error('cluster client ended before it was ready')));
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The port of the one master holding `key`, asked of every master directly: the holder has it, and each other one
 * answers MOVED to the holder.
 */
async function masterHolding(client: Cluster, key: string): Promise<number> {
  const holders: number[] = [];
  const movedTo = new Set<string>();
  for (const master of client.nodes('master')) {
    try {
      if (await master.exists(key)) holders.push(master.options.port!);
    } catch (error) {
      const moved = /^MOVED \d+ (\S+)$/.exec((error as Error).message);
      if (!moved) throw error;
      movedTo.add(moved[1]!);
    }
  }
  expect(holders).toHaveLength(1);
  expect([...movedTo]).toEqual([`127.0.0.1:${holders[0]}`]);
  return holders[0]!;
}

beforeAll(async () => {
  const started = Date.now();
  cluster = await startRedisCluster();
  startupMs = Date.now() - started;
});

async function closeClients(): Promise<void> {
  for (const close of closers.splice(0)) await close().catch(() => {});
  for (const client of clients.splice(0)) client.disconnect();
}

afterAll(async () => {
  await closeClients();
  await cluster?.stop();
});

describe('startRedisCluster', () => {
  it('starts three masters on loopback ports, quickly', () => {
    expect(cluster.ports).toHaveLength(3);
    expect(new Set([...cluster.ports, ...cluster.busPorts]).size).toBe(6);
    expect(cluster.nodes).toEqual(cluster.ports.map((port) => `redis://127.0.0.1:${port}`));
    // Redis keeps a fresh master's cluster_state at fail for its first 2 s (CLUSTER_WRITABLE_DELAY), so ~2.1 s is
    // the floor; 3 s is the target, with slack for a busy machine.
    console.log(`Redis Cluster ready in ${startupMs} ms`);
  });

  it('spreads keys with different hash tags over different masters', async () => {
    const client = clusterClient();
    const prefix = randomPrefix();
    expect(client.nodes('master')).toEqual([]); // ioredis knows no node until it has connected
    await ready(client);
    const masters = client.nodes('master');
    expect(masters.map((master) => master.options.port).sort()).toEqual([...cluster.ports].sort());

    const holderByTag = new Map<string, number>();
    for (let i = 0; new Set(holderByTag.values()).size < 3; i++) {
      expect(i).toBeLessThan(100);
      const key = `${prefix}:{t${i}}:k`;
      await client.set(key, String(i));
      const slot = Number(await client.call('CLUSTER', 'KEYSLOT', key));
      expect(slot).toBeGreaterThanOrEqual(0);
      expect(slot).toBeLessThan(16_384);
      holderByTag.set(`t${i}`, await masterHolding(client, key));
    }
    expect(new Set(holderByTag.values())).toEqual(new Set(cluster.ports));
  });

  it('runs multi-key commands within one hash tag and refuses them across slots with CROSSSLOT', async () => {
    const client = clusterClient();
    const prefix = randomPrefix();
    await client.mset(`${prefix}:{user1}:a`, '1', `${prefix}:{user1}:b`, '2');
    expect(await client.mget(`${prefix}:{user1}:a`, `${prefix}:{user1}:b`)).toEqual(['1', '2']);

    // Two tags whose slots differ (any two do almost always; pick by KEYSLOT to be sure).
    const a = `${prefix}:{a}:x`;
    let b = `${prefix}:{b}:y`;
    for (let i = 0; Number(await client.call('CLUSTER', 'KEYSLOT', b)) === Number(await client.call('CLUSTER', 'KEYSLOT', a)); i++) {
      b = `${prefix}:{b${i}}:y`;
    }
    await expect(client.mset(a, '1', b, '2')).rejects.toThrow(/CROSSSLOT/);
    // ioredis refuses a cross-slot pipeline (and MULTI) itself, before Redis sees it.
    await expect(client.pipeline().set(a, '1').set(b, '2').exec()).rejects.toThrow(/same slot/);
  });

  it('runs BullMQ with a hash-tagged queue name and a prefix', async () => {
    // BullMQ's Worker blocks (BZPOPMIN) and wants maxRetriesPerRequest null on the nodes' connections.
    const options: ClusterOptions = { redisOptions: { maxRetriesPerRequest: null } };
    const prefix = randomPrefix();
    const queue = new Queue('{probe}', { connection: clusterClient(options), prefix });
    const processed: Array<{ name: string; data: unknown }> = [];
    const done = new Promise<void>((resolve, reject) => {
      const worker = new Worker(
        '{probe}',
        async (job: Job) => {
          processed.push({ name: job.name, data: job.data });
          return 'ok';
        },
        { connection: clusterClient(options), prefix },
      );
      worker.on('completed', () => resolve());
      worker.on('failed', (_job, error) => reject(error));
      closers.push(() => worker.close());
    });
    closers.push(() => queue.close());

    const job = await queue.add('ping', { n: 1 });
    await done;
    expect(processed).toEqual([{ name: 'ping', data: { n: 1 } }]);
    expect(await (await queue.getJob(job.id!))?.getState()).toBe('completed');
    // Every key of the queue lives in the slot of the tag.
    const probeSlot = Number(await clients[0]!.call('CLUSTER', 'KEYSLOT', '{probe}'));
    expect(Number(await clients[0]!.call('CLUSTER', 'KEYSLOT', `${prefix}:{probe}:wait`))).toBe(probeSlot);
  });

  it('refuses a queue name without a hash tag on a cluster (CROSSSLOT)', async () => {
    const queue = new Queue('probe', { connection: clusterClient(), prefix: randomPrefix() });
    closers.push(() => queue.close());
    await expect(queue.add('ping', {})).rejects.toThrow(/CROSSSLOT/);
  });

  it('killNode SIGKILLs one master; stop() kills the rest and frees every port', async () => {
    await closeClients();

    await cluster.killNode(2);
    expect(processIsGone(cluster.pids[2]!)).toBe(true);
    expect(processIsGone(cluster.pids[0]!)).toBe(false);

    await cluster.stop();
    for (const pid of cluster.pids) expect(processIsGone(pid)).toBe(true);
    for (const port of [...cluster.ports, ...cluster.busPorts]) expect(await portIsFree(port)).toBe(true);
    expect(existsSync(cluster.dir)).toBe(false);
    await cluster.stop(); // twice is fine
  });
});

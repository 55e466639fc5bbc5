import { createRequire } from 'node:module';
import type { WireEvent } from '@feedloop/schema';
import { generateSecret } from '@feedloop/webhooks';
import { Cluster } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort } from '../packages/cli/src/local-redis.js';
import { PUBLIC_KEY, SECRET_KEY } from './helpers/config.js';
import { startDedupeReceiver } from './helpers/dedupe-receiver.js';
import { wireEvent } from './helpers/events.js';
import { faultConfig, faultEnv, sleep, until } from './helpers/fault-run.js';
import { faultRunCleanup } from './helpers/fault-run-cleanup.js';
import { runFeedloop } from './helpers/feedloop-process.js';
import { postBatchUntilAccepted, type BatchOutcome } from './helpers/ingest-client.js';
import { randomPrefix } from './helpers/redis.js';
import { startRedisCluster } from './helpers/redis-cluster.js';

/**
 * Issue "Scale-out": Feedloop unchanged on a Redis Cluster, with as many ingest and worker processes as the load
 * needs. A local three-master cluster from `redis-server`, two `feedloop ingest` and three `feedloop worker`
 * processes; ratings posted to both ingests; one worker killed with SIGKILL during the run. Every rating must reach
 * the receiver; repeats (at least once) are counted and reported.
 */
const EVENTS = 3_000;
const BATCH = 100;
const POST_EVERY_MS = 60;
const KILL_AFTER_DELIVERED = 800;

// ioredis computes Redis Cluster slots with this package; it ships no types.
const keySlot = createRequire(import.meta.url)('cluster-key-slot') as (key: string) => number;
const secret = generateSecret();
const { processes, closers } = faultRunCleanup('scale-out');

describe('Feedloop on a three-master Redis Cluster', () => {
  it('two ingest and three worker processes deliver every rating, one worker killed mid-run', async () => {
    const cluster = await startRedisCluster();
    closers.push(() => cluster.stop());
    const receiver = await startDedupeReceiver(secret, { delayMs: 5 });
    closers.push(() => receiver.close());
    const prefix = randomPrefix();
    const env = faultEnv(secret, cluster.nodes[0]!);
    const configFor = async () => {
      const base = faultConfig({ redisUrl: cluster.nodes[0]!, prefix, port: await freePort(), webhookUrl: receiver.url });
      return { ...base, redis: { ...base.redis, cluster: { nodes: cluster.nodes } } };
    };
    const launch = async (args: string[]) => {
      const proc = await runFeedloop(await configFor(), args, env);
      processes.push(proc);
      return proc;
    };
    const [ingestA, ingestB, , victim] = await Promise.all([launch(['ingest']), launch(['ingest']), launch(['worker']), launch(['worker']), launch(['worker'])]);
    const ingests = [ingestA.ready.ingestUrl as string, ingestB.ready.ingestUrl as string];

    const events: WireEvent[] = Array.from({ length: EVENTS }, (_, i) => wireEvent({ metric: 'csat', value: 1 + (i % 5), touchpoint: i % 2 ? 'checkout' : 'support.chat' }));
    const ids = events.map((e) => e.id);
    const posting: Promise<BatchOutcome>[] = [];
    const poster = (async () => {
      for (let i = 0; i * BATCH < EVENTS; i++) {
        const batch = events.slice(i * BATCH, (i + 1) * BATCH);
        posting.push(postBatchUntilAccepted(ingests[i % 2]!, batch, { publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, deadlineMs: 60_000 }));
        await sleep(POST_EVERY_MS);
      }
    })();

    await until(() => receiver.distinct >= KILL_AFTER_DELIVERED, 60_000, () => `only ${receiver.distinct} ratings delivered before the kill`);
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    const deliveredAtKill = receiver.distinct;

    await poster;
    const outcomes = await Promise.all(posting);
    for (const outcome of outcomes) expect(outcome.accepted + outcome.duplicates).toBe(BATCH);
    await receiver.waitForAll(ids, 90_000);
    await sleep(1_000); // a repeat still on its way shows up in the count
    const lost = receiver.missing(ids);

    // Where the keys went: each part's hash tag picks its slot, and the slots are spread over the three masters.
    const client = new Cluster(cluster.nodes.map((node) => ({ host: '127.0.0.1', port: Number(new URL(node).port) })));
    closers.push(async () => void client.disconnect());
    await new Promise((resolve) => client.once('ready', resolve));
    const keysOfMasters = await Promise.all(
      client.nodes('master').map(async (node) => {
        const found: string[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          cursor = next;
          found.push(...keys);
        } while (cursor !== '0');
        return found;
      }),
    );
    const keysPerMaster = keysOfMasters.map((keys) => keys.length);
    const tags = ['events', 'deliver-hook', 'insights:shop', 'rl:shop'];
    const report = {
      events: EVENTS,
      ingests: 2,
      workers: 3,
      killedAfterDelivered: deliveredAtKill,
      allDeliveredMsAfterKill: receiver.lastAt - killedAt,
      distinctDelivered: receiver.distinct,
      lost: lost.length,
      rawRequests: receiver.raw,
      rawRepeats: receiver.repeats,
      invalidSignatures: receiver.invalid.length,
      keysPerMaster,
      slots: Object.fromEntries(tags.map((tag) => [tag, keySlot(tag)])),
    };
    console.info(`scale-out: raw repeats: ${report.rawRepeats}; report ${JSON.stringify(report)}`);

    expect(lost).toEqual([]);
    expect(receiver.invalid).toEqual([]);
    expect(receiver.distinct).toBe(EVENTS);
    // Every key Feedloop wrote carries one of its hash tags right after the prefix: keys used together share a slot,
    // and a key written without a tag would show here.
    const untagged = keysOfMasters.flat().filter((key) => !tags.some((tag) => key.startsWith(`${prefix}:{${tag}}`)));
    expect(untagged).toEqual([]);
    expect(keysOfMasters.flat().length).toBeGreaterThan(EVENTS);
  }, 180_000);
});

import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigProblem } from './load-config.js';
import { connectRedis, describeRedis, duplicateRedis } from './redis.js';

const SITES = [{ id: 'shop', publicKey: 'pk_shop_123456' }];

describe('redis.cluster', () => {
  it('is parsed beside redis.url, and refuses what is not a node URL', () => {
    const config = parseConfig({ redis: { cluster: { nodes: ['redis://10.0.0.1:7000', 'rediss://user:secret@10.0.0.2:7000'] } }, sites: SITES }, {});
    expect(config.redis.cluster?.nodes).toHaveLength(2);
    // A node URL with a password comes from the environment, like every secret.
    const fromEnv = parseConfig({ redis: { cluster: { nodes: [{ env: 'REDIS_NODE' }] } }, sites: SITES }, { REDIS_NODE: 'rediss://ops:pw@10.0.0.3:7000' });
    expect(fromEnv.redis.cluster?.nodes).toEqual(['rediss://ops:pw@10.0.0.3:7000']);
    let problems: ConfigProblem[] = [];
    try {
      parseConfig({ redis: { cluster: { nodes: ['10.0.0.1:7000', 'redis://host:7000/2'] } }, sites: SITES }, {});
    } catch (error) {
      problems = (error as { details: ConfigProblem[] }).details;
    }
    expect(problems.map((p) => p.path)).toEqual(['redis.cluster.nodes.0', 'redis.cluster.nodes.1']);
  });

  it('connects a Cluster client when nodes are given, with the credentials and TLS of their URLs', () => {
    const cluster = connectRedis({ url: 'redis://127.0.0.1:1', cluster: { nodes: ['rediss://ops:s%40cret@127.0.0.1:1', 'redis://127.0.0.1:2'] } }, 'producer');
    cluster.on('error', () => {});
    try {
      expect(cluster).toBeInstanceOf(Cluster);
      const options = (cluster as Cluster).options;
      expect(options.redisOptions).toMatchObject({ username: 'ops', password: 's@cret', tls: {}, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      expect(options.enableOfflineQueue).toBe(false);
      // TLS: connect by the host name the certificate names, not the address it resolves to.
      expect(options.dnsLookup).toEqual(expect.any(Function));
      expect(describeRedis({ url: 'redis://127.0.0.1:6379', cluster: { nodes: ['rediss://ops:secret@10.0.0.2:7000'] } })).toBe('cluster of rediss://ops:***@10.0.0.2:7000');
      expect(describeRedis({ url: 'redis://:pw@127.0.0.1:6379' })).toBe('redis://:***@127.0.0.1:6379');
      const twin = duplicateRedis(cluster);
      twin.on('error', () => {});
      expect(twin).toBeInstanceOf(Cluster);
      twin.disconnect();
    } finally {
      cluster.disconnect();
    }
    const single = connectRedis({ url: 'redis://127.0.0.1:1' }, 'worker');
    single.on('error', () => {});
    expect(single).toBeInstanceOf(Redis);
    expect((single as Redis).options.maxRetriesPerRequest).toBeNull();
    single.disconnect();
  });
});

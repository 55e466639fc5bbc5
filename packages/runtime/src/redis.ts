import { Cluster, Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'producer' | 'worker';

/** A connection to one Redis, or to a Redis Cluster: every part of Feedloop takes either. */
export type RedisClient = Redis | Cluster;

/** Where Redis is, as the config says it (`redis.url`, or `redis.cluster.nodes`). */
export interface RedisTarget {
  url: string;
  cluster?: { nodes: string[] } | undefined;
}

const retryStrategy = (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2_000);

/**
 * A producer (ingest) fails fast when Redis is away, so a request gets 503 instead of hanging;
 * a worker connection waits and retries for as long as it takes, as BullMQ requires.
 */
function roleOptions(role: RedisRole): RedisOptions {
  return role === 'producer' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000 } : { maxRetriesPerRequest: null };
}

/** A connection to the Redis at `url`. */
export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  return new Redis(url, { lazyConnect: false, connectTimeout: 2_000, retryStrategy, ...roleOptions(role), ...extra });
}

/**
 * A connection to what the config names: a Redis Cluster when `redis.cluster.nodes` is set (any reachable node is
 * enough to find the others; the user, password and TLS of the first node's URL apply to every node), else the Redis
 * at `redis.url`.
 */
export function connectRedis(target: RedisTarget, role: RedisRole): RedisClient {
  const nodes = target.cluster?.nodes;
  if (!nodes || nodes.length === 0) return createRedis(target.url, role);
  const first = new URL(nodes[0]!);
  const options = roleOptions(role);
  return new Cluster(
    nodes.map((node) => {
      const url = new URL(node);
      return { host: url.hostname, port: Number(url.port || 6379) };
    }),
    {
      // A producer must not queue commands while the cluster is being discovered: it answers 503 instead.
      enableOfflineQueue: options.enableOfflineQueue ?? true,
      clusterRetryStrategy: retryStrategy,
      // A worker waits out a failover (16 tries a second apart, past a typical cluster-node-timeout of 15 s); a
      // producer keeps ioredis's quick retries and answers 503 meanwhile.
      ...(role === 'worker' ? { retryDelayOnFailover: 1_000, retryDelayOnClusterDown: 1_000 } : {}),
      // TLS certificates name hosts: connect by the name given, not by the address ioredis would resolve it to.
      ...(first.protocol === 'rediss:' ? { dnsLookup: (address: string, callback: (error: null, address: string) => void) => callback(null, address) } : {}),
      redisOptions: {
        connectTimeout: 2_000,
        ...options,
        ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
        ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
        ...(first.protocol === 'rediss:' ? { tls: {} } : {}),
      },
    },
  );
}

/** True when something answers PING at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Resolves true once `client` is ready, or false after `timeoutMs`; never rejects, so a server can start with Redis away. */
export function whenReady(client: RedisClient, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}

/** The URL with its password masked, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparseable url]';
  }
}

/**
 * Another connection like `client`, to the same Redis or Cluster with the same options. (The two `duplicate`s have
 * signatures TypeScript cannot call through the union: narrowed first.)
 */
export function duplicateRedis(client: RedisClient): RedisClient {
  return client instanceof Cluster ? client.duplicate() : client.duplicate();
}

/** Where Redis is, for logs and messages: the cluster's nodes when one is configured, the URL otherwise; no password. */
export function describeRedis(target: RedisTarget): string {
  return target.cluster ? `cluster of ${target.cluster.nodes.map(redactUrl).join(', ')}` : redactUrl(target.url);
}

export { main } from './main.js';
export { start, type StartOptions } from './start.js';
export { ensureRedis, freePort, type RedisHandle } from './local-redis.js';
export { startInbox, localWebhook, type RunningInbox } from './inbox/start-inbox.js';
export { InboxStore, type InboxEntry } from './inbox/inbox-store.js';
export { startRedisCluster, type RedisCluster, type RedisClusterOptions } from './local-cluster.js';

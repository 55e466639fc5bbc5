// A throwaway local Redis Cluster for tests; the same one `npm run bench:scale` uses.
export { startRedisCluster, type RedisCluster, type RedisClusterOptions } from '../../packages/cli/src/local-cluster.js';

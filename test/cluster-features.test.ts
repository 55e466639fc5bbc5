import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@feedloop/ingest';
import { createLogger, parseConfig, type Config } from '@feedloop/runtime';
import type { WireEvent } from '@feedloop/schema';
import { generateSecret } from '@feedloop/webhooks';
import { startWorker } from '@feedloop/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlqCommand } from '../packages/cli/src/dlq-command.js';
import { wireEvent } from './helpers/events.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';
import { randomPrefix } from './helpers/redis.js';
import { startRedisCluster, type RedisCluster } from './helpers/redis-cluster.js';

/**
 * What test/scale-out.test.ts does not reach, on a three-master Redis Cluster: two sites (their insights and rate
 * limits live in different slots), the insights API, targets and alerts, and `feedloop dlq` on a failed delivery.
 */
const SITES = [
  { id: 'shop', publicKey: 'pk_cluster_shop_0123', secret: 'sk_cluster_shop_0123456789', origin: 'https://shop.example' },
  { id: 'blog', publicKey: 'pk_cluster_blog_0123', secret: 'sk_cluster_blog_0123456789', origin: 'https://blog.example' },
];
const secret = generateSecret();
let cluster: RedisCluster;
let receiver: Receiver;
let raw: Record<string, unknown>;
let env: Record<string, string>;
let config: Readonly<Config>;
let app: Awaited<ReturnType<typeof buildApp>>;
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  cluster = await startRedisCluster();
  receiver = await startReceiver(secret);
  env = { HOOK_SECRET: secret, ...Object.fromEntries(SITES.map((s) => [`SECRET_${s.id.toUpperCase()}`, s.secret])) };
  raw = {
    redis: { url: cluster.nodes[0], prefix: randomPrefix(), cluster: { nodes: cluster.nodes } },
    sites: SITES.map((s) => ({ id: s.id, publicKey: s.publicKey, secretKey: { env: `SECRET_${s.id.toUpperCase()}` }, origins: [s.origin], rateLimit: { perMinute: 1_000, siteMinute: 30 } })),
    insights: { targets: [{ metric: 'csat', min: 80, minResponses: 3 }] },
    destinations: [
      { id: 'hook', type: 'webhook', url: receiver.url, secret: { env: 'HOOK_SECRET' }, allowPrivateNetworks: true, retry: { attempts: 3, backoffMs: 50 }, when: { types: ['feedback.created', 'alert.target_missed'] } },
      // Refuses everything (a closed port answers nothing: retried, then dead).
      { id: 'gone', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: { env: 'HOOK_SECRET' }, allowPrivateNetworks: true, retry: { attempts: 1, backoffMs: 50 }, when: { sites: ['blog'] } },
    ],
  };
  config = parseConfig(raw, env);
  app = await buildApp(config);
  worker = await startWorker(config, { logger: createLogger({ level: 'silent' }) });
}, 30_000);

afterAll(async () => {
  for (const name of Object.keys(env ?? {})) delete process.env[name];
  await app?.close();
  await worker?.close();
  await receiver?.close();
  await cluster?.stop();
});

const post = (site: (typeof SITES)[number], events: WireEvent[]) =>
  app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'text/plain', 'x-feedloop-key': site.publicKey, origin: site.origin }, payload: JSON.stringify({ batch: events, sentAt: new Date().toISOString() }) });
const read = (site: (typeof SITES)[number], path: string) => app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${site.secret}` } });

describe('on a Redis Cluster', () => {
  it('counts, reads and alerts per site, limits each site apart, and lists dead letters', async () => {
    const [shop, blog] = SITES as [(typeof SITES)[number], (typeof SITES)[number]];
    const shopEvents = [5, 5, 1, 1, 1].map((value) => wireEvent({ metric: 'csat', value, comment: value === 1 ? 'slow' : undefined }));
    const blogEvents = [4, 5].map((value) => wireEvent({ metric: 'csat', value }));
    expect((await post(shop, shopEvents)).statusCode).toBe(202);
    expect((await post(blog, blogEvents)).statusCode).toBe(202);

    await expect.poll(async () => (await read(shop, '/v1/insights?site=shop&metric=csat')).json().total?.count, { timeout: 15_000 }).toBe(5);
    // The blog's ratings are counted by jobs of their own, done on their own clock.
    await expect.poll(async () => (await read(blog, '/v1/insights?site=blog&metric=csat')).json().total?.count, { timeout: 15_000 }).toBe(2);
    expect((await read(blog, '/v1/insights?site=blog&metric=csat')).json().total).toMatchObject({ count: 2, headline: 100 });
    expect((await read(shop, '/v1/insights/comments?site=shop')).json().comments).toHaveLength(3);
    // 2 of 5 satisfied: the shop's target is missed, the blog's is not judged yet (2 responses of 3).
    const targets = (site: (typeof SITES)[number]) => read(site, `/v1/insights/targets?site=${site.id}`);
    await expect.poll(async () => (await targets(shop)).json().targets[0]?.breached, { timeout: 10_000 }).toBe(true);
    expect((await targets(blog)).json().targets[0]).toMatchObject({ met: null, breached: false });
    await expect.poll(() => receiver.deliveries.filter((d) => d.verified.ok && d.verified.event.type === 'alert.target_missed').length, { timeout: 10_000 }).toBe(1);

    // Each site has its own 30 requests a minute (siteMinute), counted in its own slot.
    let shopRequests = 1;
    while ((await post(shop, [wireEvent()])).statusCode === 202) shopRequests += 1;
    expect(shopRequests).toBeGreaterThanOrEqual(30);
    expect((await post(shop, [wireEvent()])).statusCode).toBe(429);
    expect((await post(blog, [wireEvent()])).statusCode).toBe(202);

    // The blog's deliveries to the closed port end in the dead-letter set; `feedloop dlq` finds them on the cluster.
    const dir = mkdtempSync(join(tmpdir(), 'feedloop-cluster-dlq-'));
    const file = join(dir, 'feedloop.config.json');
    writeFileSync(file, JSON.stringify(raw));
    // `feedloop dlq` reads the secrets from the environment, as the command does.
    Object.assign(process.env, env);
    const dlq = async (command: string, options: { json?: boolean } = {}) => {
      let stdout = '';
      let stderr = '';
      const code = await dlqCommand([command], { config: file, ...options }, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
      return { code, stdout, stderr };
    };
    const deadOf = async (destination: string) => Number(new RegExp(`^${destination} +(\\d+)$`, 'm').exec((await dlq('count')).stdout)?.[1] ?? NaN);
    await expect.poll(() => deadOf('gone'), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    expect(await deadOf('hook')).toBe(0);
    const listed = await dlq('list', { json: true });
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as { destination: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((row) => row.destination === 'gone')).toBe(true);
  }, 60_000);
});

import { createLogger, createRedis, deliveryQueueName, EVENT_JOB_OPTIONS, EVENTS_QUEUE, parseConfig, QUEUE_STREAMS, type Config, type DeliveryJob, type EventJob } from '@feedloop/runtime';
import { generateSecret } from '@feedloop/webhooks';
import { startWorker } from '@feedloop/worker';
import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deadLetterCounts,
  DeadLetterQueryError,
  dropDeadLetters,
  listDeadLetters,
  replayDeadLetters,
  showDeadLetter,
  type DeadLetterSource,
} from '../packages/worker/src/dead-letters/index.js';
import { ORIGIN, PUBLIC_KEY, SECRET_KEY } from './helpers/config.js';
import { wireEvent } from './helpers/events.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './helpers/redis.js';

const logger = createLogger({ level: 'silent' });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Target = 'hook' | 'crm';

/**
 * The real worker (events queue, fan-out, delivery) with two webhook destinations, `hook` and `crm`, whose
 * receivers answer 400 until they are "fixed". An event with touchpoint `hook.*` goes to `hook`, `crm.*` to `crm`.
 */
async function pipeline() {
  const secret = generateSecret();
  const state = { receiversHealthy: false };
  const answer = () => (state.receiversHealthy ? 204 : 400);
  const receivers: Record<Target, Receiver> = { hook: await startReceiver(secret, answer), crm: await startReceiver(secret, answer) };
  const prefix = randomPrefix();
  const destination = (id: Target) => ({
    id,
    type: 'webhook',
    url: receivers[id].url,
    secret: { env: 'DLQ_TEST_WEBHOOK_SECRET' },
    allowPrivateNetworks: true,
    retry: { attempts: 3, backoffMs: 50 },
    when: { touchpoints: [`${id}.*`] },
  });
  const config: Readonly<Config> = parseConfig(
    {
      redis: { url: REDIS_URL, prefix },
      sites: [{ id: 'shop', publicKey: PUBLIC_KEY, secretKey: { env: 'TEST_SECRET_KEY' }, origins: [ORIGIN] }],
      destinations: [destination('hook'), destination('crm')],
    },
    { DLQ_TEST_WEBHOOK_SECRET: secret, TEST_SECRET_KEY: SECRET_KEY },
  );
  const connection = createRedis(REDIS_URL, 'worker');
  const worker = await startWorker(config, { logger });
  const events = new Queue<EventJob>(EVENTS_QUEUE, { connection, prefix, streams: QUEUE_STREAMS });
  cleanups.push(
    () => deletePrefix(prefix),
    () => connection.disconnect(),
    () => receivers.hook.close(),
    () => receivers.crm.close(),
    () => events.close(),
    () => worker.close(),
  );

  const source: DeadLetterSource = { config, connection };
  /** Another process's worth of connection, connected, for concurrent replays. */
  async function otherSource(): Promise<DeadLetterSource> {
    const other = createRedis(REDIS_URL, 'worker');
    cleanups.push(() => other.disconnect());
    await other.ping();
    return { config, connection: other };
  }

  /**
   * Queues `count` events for `target` and waits until they are dead letters of that queue; returns the event ids.
   * For `events`, the event's value is off its scale, so the fan-out refuses it.
   */
  async function deadLetters(target: Target | 'events', count: number): Promise<string[]> {
    const before = await deadLetterCounts(source);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const event = wireEvent({ touchpoint: `${target === 'events' ? 'hook' : target}.page`, metric: 'nps', value: target === 'events' ? 42 : 3 });
      const job: EventJob = { site: 'shop', event, receivedAt: new Date().toISOString(), timestamp: event.createdAt };
      await events.add('event', job, { jobId: event.id, ...EVENT_JOB_OPTIONS });
      ids.push(event.id);
    }
    await expect.poll(async () => (await deadLetterCounts(source))[target], { timeout: 15_000 }).toBe((before[target] ?? 0) + count);
    return ids;
  }

  /** What an operator would do before replaying an event that failed on its data. */
  async function fixEvent(id: string): Promise<void> {
    const job = (await events.getJob(id))!;
    await job.updateData({ ...job.data, event: { ...job.data.event, value: 3 } });
  }

  return { config, connection, source, otherSource, receivers, state, deadLetters, fixEvent };
}

const webhookIds = (receiver: Receiver) => receiver.deliveries.map((d) => String(d.headers['webhook-id']));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('listing and showing dead letters', () => {
  it('lists failed jobs of every queue newest first, with the reason, and shows one in full', async () => {
    const { source, deadLetters } = await pipeline();
    const hookIds = await deadLetters('hook', 2);
    const [crmId] = await deadLetters('crm', 1);
    const [eventId] = await deadLetters('events', 1);

    const rows = await listDeadLetters(source);
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.jobId)).toEqual([eventId, `${crmId}.crm`, ...hookIds.map((id) => `${id}.hook`).reverse()].map(String));
    expect(rows[0]).toMatchObject({ queue: 'events', destination: 'events', eventId, attempts: 1, reason: expect.stringContaining('breaks its contract: event.value') });
    expect(rows[1]).toMatchObject({ queue: 'deliver-crm', destination: 'crm', eventId: crmId, attempts: 1, reason: expect.stringContaining('HTTP 400') });
    const times = rows.map((r) => Date.parse(r.failedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Date.now() - times[0]!).toBeLessThan(60_000);

    expect(await listDeadLetters(source, { limit: 2 })).toEqual(rows.slice(0, 2));
    expect((await listDeadLetters(source, { destination: 'hook' })).map((r) => r.eventId).sort()).toEqual([...hookIds].sort());
    expect(await listDeadLetters(source, { destination: 'events' })).toEqual([rows[0]]);
    expect(await deadLetterCounts(source)).toEqual({ events: 1, hook: 2, crm: 1 });

    const detail = await showDeadLetter(source, `${crmId}.crm`);
    expect(detail).toMatchObject({
      queue: 'deliver-crm',
      destination: 'crm',
      eventId: crmId,
      state: 'failed',
      attempts: 1,
      maxAttempts: 3,
      reason: expect.stringContaining('HTTP 400'),
      data: { destinationId: 'crm', record: { id: crmId, touchpoint: 'crm.page', metric: 'nps', value: 3, bucket: 'detractor' } },
    });
    expect(detail!.stacktrace.length).toBeGreaterThan(0);
    expect(Date.parse(detail!.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(detail!.createdAt));
    expect(await showDeadLetter(source, eventId!)).toMatchObject({ queue: 'events', state: 'failed', data: { event: { id: eventId } } });
    expect(await showDeadLetter(source, 'no-such-job')).toBeUndefined();
  });

  it('refuses a destination that is not configured', async () => {
    const { source } = await pipeline();
    await expect(listDeadLetters(source, { destination: 'nope' })).rejects.toThrow(DeadLetterQueryError);
    await expect(listDeadLetters(source, { destination: 'nope' })).rejects.toThrow('known: events, hook, crm');
    await expect(replayDeadLetters(source, { since: 'last tuesday' })).rejects.toThrow(DeadLetterQueryError);
  });
});

describe('replaying dead letters', () => {
  it('delivers each once after the receiver is fixed, with fresh attempts; a second replay replays nothing', async () => {
    const { source, receivers, state, deadLetters, fixEvent } = await pipeline();
    const hookIds = await deadLetters('hook', 3);
    const crmIds = await deadLetters('crm', 2);
    const [eventId] = await deadLetters('events', 1);
    expect(receivers.hook.deliveries).toHaveLength(0);

    state.receiversHealthy = true;
    await fixEvent(eventId!);
    const replayed = await replayDeadLetters(source);
    expect(replayed).toEqual({ count: 6, byQueue: { 'deliver-hook': 3, 'deliver-crm': 2, events: 1 }, skipped: [] });

    // The replayed event is fanned out now, and goes to hook like the others.
    await receivers.hook.waitFor(4);
    await receivers.crm.waitFor(2);
    await sleep(500);
    expect(webhookIds(receivers.hook).sort()).toEqual([...hookIds, eventId!].sort());
    expect(webhookIds(receivers.crm).sort()).toEqual([...crmIds].sort());
    expect(receivers.hook.deliveries.every((d) => d.verified.ok)).toBe(true);

    const again = await replayDeadLetters(source);
    expect(again).toEqual({ count: 0, byQueue: {}, skipped: [] });
    expect(await replayDeadLetters(source, { ids: [`${hookIds[0]}.hook`] })).toEqual({ count: 0, byQueue: {}, skipped: [`${hookIds[0]}.hook`] });
    await sleep(300);
    expect(receivers.hook.deliveries).toHaveLength(4);
    // Same job id, done on its first fresh attempt (once the worker has read the receiver's answer).
    await expect.poll(async () => (await showDeadLetter(source, `${hookIds[0]}.hook`))?.state, { timeout: 10_000 }).toBe('completed');
    expect(await showDeadLetter(source, `${hookIds[0]}.hook`)).toMatchObject({ state: 'completed', attempts: 1, reason: null });
    expect(await deadLetterCounts(source)).toEqual({ events: 0, hook: 0, crm: 0 });
  });

  it('queues each job once when several replays run at the same time', async () => {
    const { source, otherSource, receivers, state, deadLetters } = await pipeline();
    const ids = await deadLetters('hook', 40);
    state.receiversHealthy = true;
    const sources = [source, await otherSource(), await otherSource()];
    // Small pages, so the replays interleave page by page.
    const results = await Promise.all(sources.map((s) => replayDeadLetters(s, { pageSize: 2 })));
    expect(results.reduce((sum, r) => sum + r.count, 0)).toBe(40);

    await receivers.hook.waitFor(40);
    await sleep(500);
    expect(webhookIds(receivers.hook).sort()).toEqual([...ids].sort());
    expect(await deadLetterCounts(source)).toMatchObject({ hook: 0 });
  });

  it('replays only the given ids, and says which were not dead letters', async () => {
    const { source, receivers, state, deadLetters } = await pipeline();
    const [first, second] = await deadLetters('hook', 2);
    state.receiversHealthy = true;
    const result = await replayDeadLetters(source, { ids: [`${first}.hook`, 'no-such-job'] });
    expect(result).toEqual({ count: 1, byQueue: { 'deliver-hook': 1 }, skipped: ['no-such-job'] });
    await receivers.hook.waitFor(1);
    expect(webhookIds(receivers.hook)).toEqual([first]);
    expect((await listDeadLetters(source)).map((r) => r.eventId)).toEqual([second]);
  });
});

describe('filtering by destination and time', () => {
  it('replays only the chosen destination and what failed since a time or within a duration', async () => {
    const { config, connection, source, receivers, state, deadLetters } = await pipeline();
    const hookIds = await deadLetters('hook', 2);
    await sleep(20);
    const between = new Date();
    await sleep(20);
    const crmIds = await deadLetters('crm', 2);
    // One crm dead letter failed three hours ago.
    const old = `${crmIds[0]}.crm`;
    await backdate(connection, config, 'crm', old, Date.now() - 3 * 3_600_000);

    expect((await listDeadLetters(source, { since: between.toISOString() })).map((r) => r.eventId)).toEqual([crmIds[1]]);
    expect((await listDeadLetters(source, { since: between })).map((r) => r.eventId)).toEqual([crmIds[1]]);
    expect(await listDeadLetters(source, { since: '2h' })).toHaveLength(3);
    expect(await listDeadLetters(source, { since: '4h' })).toHaveLength(4);
    expect((await listDeadLetters(source)).at(-1)).toMatchObject({ jobId: old });

    state.receiversHealthy = true;
    expect(await replayDeadLetters(source, { destination: 'hook', since: '1h' })).toMatchObject({ count: 2, byQueue: { 'deliver-hook': 2 } });
    await receivers.hook.waitFor(2);
    expect(webhookIds(receivers.hook).sort()).toEqual([...hookIds].sort());
    expect(receivers.crm.deliveries).toHaveLength(0);

    expect(await replayDeadLetters(source, { since: '2h' })).toMatchObject({ count: 1, byQueue: { 'deliver-crm': 1 } });
    await receivers.crm.waitFor(1);
    expect(webhookIds(receivers.crm)).toEqual([crmIds[1]]);
    expect((await listDeadLetters(source)).map((r) => r.jobId)).toEqual([old]);
    // An id filter and a time filter both apply.
    expect(await replayDeadLetters(source, { ids: [old], since: '2h' })).toMatchObject({ count: 0, skipped: [old] });
  });
});

describe('dropping dead letters', () => {
  it('removes the chosen failed jobs for good', async () => {
    const { config, connection, source, deadLetters } = await pipeline();
    const [hook1, hook2] = await deadLetters('hook', 2);
    const [crm1] = await deadLetters('crm', 1);

    expect(await dropDeadLetters(source, { ids: [`${hook1}.hook`] })).toEqual({ count: 1, byQueue: { 'deliver-hook': 1 }, skipped: [] });
    expect(await showDeadLetter(source, `${hook1}.hook`)).toBeUndefined();
    expect(await dropDeadLetters(source, { ids: [`${hook1}.hook`] })).toEqual({ count: 0, byQueue: {}, skipped: [`${hook1}.hook`] });

    expect(await dropDeadLetters(source, { destination: 'hook' })).toMatchObject({ count: 1, byQueue: { 'deliver-hook': 1 } });
    expect(await showDeadLetter(source, `${hook2}.hook`)).toBeUndefined();
    expect((await listDeadLetters(source)).map((r) => r.eventId)).toEqual([crm1]);

    expect(await dropDeadLetters(source)).toMatchObject({ count: 1, byQueue: { 'deliver-crm': 1 } });
    expect(await deadLetterCounts(source)).toEqual({ events: 0, hook: 0, crm: 0 });
    const crm = new Queue(deliveryQueueName('crm'), { connection, prefix: config.redis.prefix, streams: QUEUE_STREAMS });
    expect(await crm.getJobCounts('failed', 'waiting', 'completed')).toEqual({ failed: 0, waiting: 0, completed: 0 });
    await crm.close();
  });

  it('gives each job to exactly one of a drop and a replay running at the same time', async () => {
    const { source, otherSource, receivers, state, deadLetters } = await pipeline();
    await deadLetters('hook', 20);
    state.receiversHealthy = true;
    const [dropped, replayed] = await Promise.all([dropDeadLetters(source, { pageSize: 2 }), replayDeadLetters(await otherSource(), { pageSize: 2 })]);
    expect(dropped.count + replayed.count).toBe(20);
    if (replayed.count) await receivers.hook.waitFor(replayed.count);
    await sleep(300);
    expect(new Set(webhookIds(receivers.hook)).size).toBe(replayed.count);
    expect(receivers.hook.deliveries).toHaveLength(replayed.count);
    expect(await deadLetterCounts(source)).toMatchObject({ hook: 0 });
  });
});

/** Makes a dead letter look as if it had failed at `at`: its score in the failed set and its `finishedOn`. */
async function backdate(connection: Redis, config: Readonly<Config>, destination: string, jobId: string, at: number): Promise<void> {
  const queue = new Queue<DeliveryJob>(deliveryQueueName(destination), { connection, prefix: config.redis.prefix, streams: QUEUE_STREAMS });
  await connection.zadd(queue.toKey('failed'), 'XX', at, jobId);
  await connection.hset(queue.toKey(jobId), 'finishedOn', String(at));
  const job: Job | undefined = await queue.getJob(jobId);
  expect(job?.finishedOn).toBe(at);
  await queue.close();
}

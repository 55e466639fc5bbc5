import type { WireEvent } from '@feedloop/schema';
import { generateSecret } from '@feedloop/webhooks';
import { describe, expect, it } from 'vitest';
import { freePort } from '../packages/cli/src/local-redis.js';
import { PUBLIC_KEY, SECRET_KEY } from './helpers/config.js';
import { startDedupeReceiver } from './helpers/dedupe-receiver.js';
import { wireEvent } from './helpers/events.js';
import { faultConfig, faultEnv, inspector, sleep, until } from './helpers/fault-run.js';
import { faultRunCleanup } from './helpers/fault-run-cleanup.js';
import { runFeedloop } from './helpers/feedloop-process.js';
import { postBatchUntilAccepted, type BatchOutcome } from './helpers/ingest-client.js';
import { randomPrefix } from './helpers/redis.js';
import { startAofRedis } from './helpers/redis-server.js';

/**
 * Issue: "Redis restarting (with AOF on) loses no accepted event; workers reconnect and resume by themselves."
 * Each test runs a throwaway redis-server of its own (AOF on, fsync on every write), a `feedloop ingest` and a
 * `feedloop worker` process against it, posts events steadily, and stops Redis in the middle of the run, for
 * 2 s, while clients keep posting (and retrying the 503s as the widget does). Neither process is restarted.
 */
/** At least this many events are posted, in batches of BATCH, one every POST_EVERY_MS whatever became of the earlier. */
const EVENTS = 2_000;
const BATCH = 20;
const POST_EVERY_MS = 60;
/**
 * Posting goes on through the outage and after it, for this long after the restart. The ingest's connection retries
 * at most every 2 s (packages/runtime/src/redis.ts), so a request right after the restart may still get a 503; one
 * sent this long after must not.
 */
const POST_AFTER_RESTART_MS = 3_000;
const RECONNECT_MS = 2_500;
/** Slow enough that accepted events wait in Redis when it goes down. */
const RECEIVER_DELAY_MS = 20;
const STOP_AFTER_DELIVERED = 300;
const OUTAGE_MS = 2_000;

const secret = generateSecret();
const { processes, closers } = faultRunCleanup('redis-restart');

async function restartInTheMiddle(signal: 'SIGTERM' | 'SIGKILL') {
  const started = Date.now();
  const redis = await startAofRedis({ appendfsync: 'always' });
  closers.push(() => redis.close());
  const receiver = await startDedupeReceiver(secret, { delayMs: RECEIVER_DELAY_MS });
  closers.push(() => receiver.close());
  const prefix = randomPrefix();
  const config = faultConfig({ redisUrl: redis.url, prefix, port: await freePort(), webhookUrl: receiver.url });
  const env = faultEnv(secret, redis.url);
  const launch = async (args: string[]) => {
    const proc = await runFeedloop(config, args, env);
    processes.push(proc);
    return proc;
  };
  const [ingest, worker] = await Promise.all([launch(['ingest']), launch(['worker'])]);
  const ingestUrl = ingest.ready.ingestUrl as string;

  // Batches go out on a clock until at least EVENTS are out and Redis has been back for a while.
  const events: WireEvent[] = [];
  const posts: { sentAt: number; outcome: Promise<BatchOutcome> }[] = [];
  let acceptedSoFar = 0;
  let upAt = Infinity;
  let giveUp = false;
  const poster = (async () => {
    while (!giveUp && (events.length < EVENTS || !(Date.now() > upAt + POST_AFTER_RESTART_MS))) {
      const batch = Array.from({ length: BATCH }, (_, i) => wireEvent({ metric: 'csat', value: 1 + (i % 5), touchpoint: 'support.chat' }));
      events.push(...batch);
      const outcome = postBatchUntilAccepted(ingestUrl, batch, { publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, deadlineMs: 60_000 });
      const counted = outcome.then((o) => ((acceptedSoFar += o.accepted + o.duplicates), o));
      // Awaited below; until then a failure must not count as unhandled.
      counted.catch(() => {});
      posts.push({ sentAt: Date.now(), outcome: counted });
      await sleep(POST_EVERY_MS);
    }
  })();

  let waitingInRedis: number, downAt: number, deliveredAtStop: number;
  let logsBeforeRestart: number;
  try {
    await until(() => receiver.distinct >= STOP_AFTER_DELIVERED, 60_000, () => `only ${receiver.distinct} events delivered before the outage`);
    waitingInRedis = acceptedSoFar - receiver.distinct;
    downAt = Date.now();
    await redis.stop(signal);
    deliveredAtStop = receiver.distinct;
    await sleep(OUTAGE_MS);
    logsBeforeRestart = redis.logs.length;
    await redis.restart();
    upAt = Date.now();
  } catch (error) {
    giveUp = true;
    throw error;
  }

  await poster;
  const ids = events.map((e) => e.id);
  const outcomes = await Promise.all(posts.map((p) => p.outcome));
  // Every batch was taken in the end: events new to the ingest, or taken by a try whose answer was lost.
  for (const outcome of outcomes) expect(outcome.accepted + outcome.duplicates).toBe(BATCH);
  await receiver.waitForAll(ids, 60_000).catch((error: Error) => {
    throw new Error(`${error.message}\n--- worker log (last lines) ---\n${worker.logs.slice(-40).join('\n')}\n--- ingest log ---\n${ingest.logs.slice(-20).join('\n')}`);
  });
  const doneAt = Date.now();
  await sleep(1_000);

  const firstAfterRestart = Math.min(...[...receiver.arrivals.values()].flat().filter((at) => at > upAt));
  const refused = outcomes.flatMap((o) => o.failures);
  const sentAfterRestart = posts.map((p, i) => ({ ...p, result: outcomes[i]! })).filter((p) => p.sentAt > upAt);
  const firstThrough = sentAfterRestart.find((p) => p.result.tries === 1);
  const sentAfterReconnect = sentAfterRestart.filter((p) => p.sentAt > upAt + RECONNECT_MS);
  const inspect = inspector(redis.url, prefix);
  closers.push(() => inspect.close());
  const failed = await inspect.failedCounts();
  const intakeLeft = await inspect.intakeLength();
  const lost = receiver.missing(ids);

  const report = {
    signal,
    events: ids.length,
    deliveredBeforeOutage: deliveredAtStop,
    acceptedButUndeliveredAtStop: waitingInRedis,
    outageMs: upAt - downAt,
    answersDuringOutage: { refused: refused.length, byStatus: Object.fromEntries([...new Set(refused)].map((s) => [s, refused.filter((r) => r === s).length])) },
    duplicatesOnRetry: outcomes.reduce((n, o) => n + o.duplicates, 0),
    firstDeliveryMsAfterRestart: firstAfterRestart - upAt,
    allDeliveredMsAfterRestart: doneAt - upAt,
    distinctDelivered: receiver.distinct,
    lost: lost.length,
    rawRepeats: receiver.repeats,
    invalidSignatures: receiver.invalid.length,
    batchesSentAfterRestart: sentAfterRestart.length,
    ingestTookBatchesAgainMsAfterRestart: firstThrough ? firstThrough.sentAt - upAt : null,
    failed,
    testDurationMs: Date.now() - started,
  };
  console.info(`redis-restart (${signal}): raw repeats: ${receiver.repeats}; report ${JSON.stringify(report)}`);

  // What was waiting came back from the append-only file.
  expect(redis.logs.slice(logsBeforeRestart).some((line) => line.includes('DB loaded from append only file'))).toBe(true);
  expect(receiver.invalid).toEqual([]);
  expect(lost).toEqual([]);
  expect(receiver.distinct).toBe(ids.length);
  expect(failed).toEqual({ events: 0, deliveries: 0 });
  expect(intakeLeft).toBe(0);
  // The outage was real: the ingest refused requests while Redis was down.
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.every((status) => status === 503)).toBe(true);
  // The ingest recovered by itself: what was sent once it had had time to reconnect went through at once.
  expect(sentAfterReconnect.length).toBeGreaterThan(0);
  expect(sentAfterReconnect.map((p) => p.result.tries)).toEqual(sentAfterReconnect.map(() => 1));
  // Neither process was restarted, nor died.
  for (const proc of [ingest, worker]) expect(proc.child.exitCode, proc.logs.slice(-30).join('\n')).toBeNull();
  expect(redis.running).toBe(true);
}

describe('Redis restarting with AOF on', () => {
  it('Redis restart with AOF in the middle of a run (SIGTERM, AOF flushed): nothing lost, ingest and worker resume by themselves', async () => {
    await restartInTheMiddle('SIGTERM');
  }, 120_000);

  it('Redis killed with SIGKILL (appendfsync always) and restarted in the middle of a run: nothing lost', async () => {
    await restartInTheMiddle('SIGKILL');
  }, 120_000);
});

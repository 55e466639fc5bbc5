// Memory: what one event holds in Redis, stage by stage, and what is left once everything is delivered.
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedis, deliveryQueueName, EVENT_JOB_OPTIONS, EVENTS_QUEUE, IntakePump, intakeKeys, parseConfig } from '@feedloop/runtime';
import { DESTINATION, PREFIX } from './config.mjs';
import { wireEvent } from './events.mjs';
import { post, wasAccepted } from './post.mjs';
import { closeQueue, queueOf } from './queues.mjs';
import { usedMemory } from './redis.mjs';

async function waitUntil(what, test, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** `events` events through the real ingest, pump and worker, weighed after each stage. `bench`: see throughput(). */
export async function memory(bench, { events: total }) {
  const { redisUrl, admin, sink, configFor, startChild } = bench;
  await admin.flushall();
  sink.reset();
  const setup = configFor();
  const keys = intakeKeys(PREFIX);
  const events = queueOf(redisUrl, EVENTS_QUEUE);
  const deliveries = queueOf(redisUrl, deliveryQueueName(DESTINATION));
  const ingest = await startChild({ role: 'ingest', ...setup });
  let worker;
  const stages = {};
  try {
    // The events queue is paused until the worker runs, so that each stage can be weighed on its own.
    await events.pause();
    await deliveries.pause();
    await sleep(200);
    const empty = await usedMemory(admin);
    const weigh = async (stage, extra = {}) => {
      await sleep(300); // lets the ingest's rate-limit counters and BullMQ's own bookkeeping settle
      const bytes = (await usedMemory(admin)) - empty;
      stages[stage] = { bytes, perEvent: bytes / total, ...extra };
    };

    // (a) In the intake stream: what a 202 leaves behind (the seen key and the stream entry), no pump running.
    const url = `${ingest.ready.url}/v1/events`;
    let next = 0;
    let accepted = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < total) {
          if (wasAccepted(await post(url, JSON.stringify(wireEvent(next++))))) accepted++;
        }
      }),
    );
    if (accepted !== total) throw new Error(`ingest accepted ${accepted} of ${total} events`);
    await weigh('intake', { streamEntries: await admin.xlen(keys.stream) });
    await ingest.stop();

    // (b) Jobs waiting in {events}: the real IntakePump moves them, then stops.
    const pumpRedis = createRedis(redisUrl, 'worker');
    const pump = new IntakePump({ redis: pumpRedis, prefix: PREFIX, consumer: 'bench' });
    pump.start();
    await waitUntil('the pump', async () => (await admin.xlen(keys.stream)) === 0 && (await events.getWaitingCount()) === total);
    await pump.close();
    pumpRedis.disconnect();
    await weigh('queued', { waiting: await events.getWaitingCount() });

    // (c) Fanned out: startWorker enriches every event into the (paused) delivery queue; the event jobs completed.
    worker = await startChild({ role: 'worker', ...setup });
    await deliveries.pause(); // startWorker resumes a paused destination at start-up; it is empty until events resume
    await events.resume();
    await waitUntil('the fan-out', async () => {
      const [e, d] = await Promise.all([events.getJobCounts('wait', 'active', 'delayed'), deliveries.getWaitingCount()]);
      return e.wait + e.active + e.delayed === 0 && d === total;
    });
    await weigh('fannedOut', { deliveriesWaiting: await deliveries.getWaitingCount(), eventsCompleted: await events.getCompletedCount() });

    // (d) Delivered: what stays once every event reached the sink, kept per the retention settings.
    const delivered = sink.waitFor(total);
    await deliveries.resume();
    await delivered;
    await waitUntil('the deliveries to complete', async () => {
      const d = await deliveries.getJobCounts('wait', 'active', 'delayed');
      return d.wait + d.active + d.delayed === 0;
    });
    const stats = await worker.stop();
    worker = undefined;
    const counts = {
      events: await events.getJobCounts('completed', 'failed', 'wait', 'active', 'delayed'),
      deliveries: await deliveries.getJobCounts('completed', 'failed', 'wait', 'active', 'delayed'),
    };
    await weigh('delivered', { counts, failed: stats.failed ?? {} });

    // What the rest is made of, found by deleting one kind of key at a time; BullMQ's event streams on their own.
    const streams = {};
    for (const queue of [events, deliveries]) {
      const key = `${PREFIX}:${queue.name}:events`;
      streams[queue.name] = { entries: await admin.xlen(key), bytes: Number(await admin.memory('USAGE', key, 'SAMPLES', 0)) };
    }
    const before = await usedMemory(admin);
    let seenKeys = 0;
    let cursor = '0';
    do {
      const [nextCursor, found] = await admin.scan(cursor, 'MATCH', `${keys.seen}*`, 'COUNT', 1000);
      cursor = nextCursor;
      if (found.length) {
        seenKeys += found.length;
        await admin.del(...found);
      }
    } while (cursor !== '0');
    const afterSeen = await usedMemory(admin);
    await events.obliterate({ force: true });
    const afterEvents = await usedMemory(admin);
    await deliveries.obliterate({ force: true });
    const afterDeliveries = await usedMemory(admin);
    const B = {
      seen: { keys: seenKeys, bytes: before - afterSeen },
      eventsQueue: { completed: counts.events.completed, bytes: afterSeen - afterEvents },
      deliveryQueue: { completed: counts.deliveries.completed, bytes: afterEvents - afterDeliveries },
      other: afterDeliveries - empty,
      streams,
    };
    // Per item, from the stages less what else they hold (the dedupe keys; at (c), the completed events jobs weighed at (d)).
    const perItem = {
      seenKey: B.seen.bytes / B.seen.keys,
      intakeEvent: (stages.intake.bytes - B.seen.bytes) / total,
      waitingEventJob: (stages.queued.bytes - B.seen.bytes) / total,
      waitingDeliveryJob: (stages.fannedOut.bytes - B.seen.bytes - B.eventsQueue.bytes) / stages.fannedOut.deliveriesWaiting,
      completedEventJob: B.eventsQueue.bytes / B.eventsQueue.completed,
      completedDeliveryJob: B.deliveryQueue.bytes / B.deliveryQueue.completed,
    };
    return { events: total, stages, breakdown: B, perItem };
  } finally {
    await Promise.all([ingest.stop(), worker?.stop()]);
    await closeQueue(events);
    await closeQueue(deliveries);
  }
}

/**
 * Whether (d) left only what the worker's retention keeps (the events jobs' own options, the config's
 * worker.keepCompleted for deliveries) and nothing waiting, running or failed.
 */
export function bounded(counts, { config, env }) {
  const keepDeliveries = parseConfig(config, env).worker?.keepCompleted?.count ?? 10_000;
  return (
    counts.events.completed <= EVENT_JOB_OPTIONS.removeOnComplete.count &&
    counts.deliveries.completed <= keepDeliveries &&
    [counts.events, counts.deliveries].every((c) => c.wait + c.active + c.delayed + c.failed === 0)
  );
}

// Throughput: the same N event jobs drained by a no-op BullMQ Worker (a), by a no-op whose jobs each add one job to a
// second queue (b: the shape of fan-out → delivery, without our code), and by startWorker through to the receiver (c).
import { setTimeout as sleep } from 'node:timers/promises';
import { deliveryQueueName, EVENT_JOB_OPTIONS, EVENTS_QUEUE, parseConfig } from '@feedloop/runtime';
import { now, wallOffset } from './clock.mjs';
import { DESTINATION, PREFIX } from './config.mjs';
import { eventJob, wireEvent } from './events.mjs';
import { closeQueue, queueOf } from './queues.mjs';
import { redisCpuMs } from './redis.mjs';

const BASELINE_QUEUE = '{baseline}';

/**
 * One run of `kind`: 'baseline' (a), 'twoQueues' (b) or 'ours' (c), on `events` jobs added to a paused queue, events/s
 * counted from the `mark`-th. `bench`: { redisUrl, admin, sink, configFor, startChild }.
 */
export async function throughput(kind, bench, { events, mark, concurrency, trace: traced }) {
  const { redisUrl, admin, sink, configFor, startChild } = bench;
  await admin.flushall();
  const noop = kind !== 'ours';
  const queue = queueOf(redisUrl, noop ? BASELINE_QUEUE : EVENTS_QUEUE);
  let child;
  try {
    await fill(queue, events);
    sink.reset();
    const then = kind === 'twoQueues' ? secondQueue(configFor()) : undefined;
    child = noop
      ? await startChild({ role: 'noop', redisUrl, prefix: PREFIX, queue: BASELINE_QUEUE, concurrency, total: events, mark, then })
      : await startChild({ role: 'worker', ...configFor() });
    const finished = noop ? null : sink.waitFor(events);
    const [cpu0, redis0, self0] = [await child.cpuMs(), await redisCpuMs(admin), process.cpuUsage()];
    const t0 = now();
    await queue.resume();
    const trace = traced && kind === 'ours' ? traceQueues(t0, bench) : undefined;
    let tMark;
    let tDone;
    if (noop) {
      [{ at: tMark }, { at: tDone }] = await Promise.all([child.next('mark', 300_000), child.next('done', 300_000)]);
    } else {
      await finished;
      const times = [...sink.arrivals.values()];
      tMark = times[mark - 1];
      tDone = times[events - 1];
    }
    const [cpu1, redis1, self1] = [await child.cpuMs(), await redisCpuMs(admin), process.cpuUsage(self0)];
    await trace?.stop();
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'failed');
    // Ours in two parts: when the last event job finished (enriched and fanned out), and how many were at the sink then.
    let fanOut = null;
    if (kind === 'ours') {
      const [last] = await queue.getJobs(['completed'], 0, 0, false);
      const doneAt = last?.finishedOn ? last.finishedOn - wallOffset() : NaN;
      fanOut = { seconds: (doneAt - t0) / 1000, delivered: [...sink.arrivals.values()].filter((at) => at <= doneAt).length };
    }
    const stats = await child.stop();
    child = undefined;
    const seconds = (tDone - t0) / 1000;
    const cpuShare = (ms) => ms / (tDone - t0);
    const eluBetween = (a, b) => (b.active - a.active) / (b.active - a.active + b.idle - a.idle);
    return {
      kind,
      events,
      seconds,
      eventsPerSec: events / seconds,
      steadyEventsPerSec: (events - mark) / ((tDone - tMark) / 1000),
      // Shares of one core over the run (the CPU is sampled just before the resume and just after the last event).
      cpu: { worker: cpuShare(cpu1.ms - cpu0.ms), workerLoop: eluBetween(cpu0.elu, cpu1.elu), redis: cpuShare(redis1 - redis0), sink: noop ? 0 : cpuShare((self1.user + self1.system) / 1000) },
      sinkRequests: noop ? null : sink.requests,
      fanOut,
      left: counts,
      failed: stats.failed ?? {},
    };
  } finally {
    await child?.stop();
    await closeQueue(queue);
  }
}

/** Pauses the queue and adds n `{events}` jobs to it, as the pump adds them. */
export async function fill(queue, n) {
  await queue.pause();
  const receivedAt = new Date().toISOString();
  for (let i = 0; i < n; i += 500) {
    const jobs = [];
    for (let j = i; j < Math.min(n, i + 500); j++) {
      const data = eventJob(wireEvent(j), receivedAt);
      jobs.push({ name: 'event', data, opts: { jobId: data.event.id, ...EVENT_JOB_OPTIONS } });
    }
    await queue.addBulk(jobs);
  }
}

/** The second queue of (b): what fan-out.ts gives a delivery job, and the destination's concurrency, from the parsed config. */
function secondQueue({ config, env }) {
  const parsed = parseConfig(config, env);
  const [destination] = parsed.destinations;
  const keep = parsed.worker?.keepCompleted ?? { ageSeconds: 24 * 3_600, count: 10_000 };
  return {
    queue: '{baseline-deliver}',
    concurrency: destination.concurrency,
    jobOptions: {
      attempts: destination.retry.attempts,
      // fan-out.ts names the worker's own 'jitter' strategy, which a plain Worker lacks; no job fails here anyway.
      backoff: { type: 'exponential', delay: destination.retry.backoffMs },
      removeOnComplete: { age: keep.ageSeconds, count: keep.count },
      removeOnFail: { age: 14 * 24 * 3_600 },
    },
  };
}

/** BENCH_TRACE=1: every 500 ms, where the events of a throughput run are (for finding the stage that holds them up). */
function traceQueues(t0, { redisUrl, sink }) {
  const events = queueOf(redisUrl, EVENTS_QUEUE);
  const deliveries = queueOf(redisUrl, deliveryQueueName(DESTINATION));
  let running = true;
  const loop = (async () => {
    while (running) {
      await sleep(500);
      const [e, d] = await Promise.all([events.getJobCounts('wait', 'active'), deliveries.getJobCounts('wait', 'active', 'completed')]);
      console.log(`\n    ${((now() - t0) / 1000).toFixed(1)} s: {events} wait ${e.wait} active ${e.active}; {deliver-sink} wait ${d.wait} active ${d.active}; at the sink ${sink.arrivals.size}`);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await Promise.all([closeQueue(events), closeQueue(deliveries)]);
    },
  };
}

// Latency: the real ingest and startWorker, each in its own process; events POSTed at a fixed rate, timed from the 202
// to the receiver.
import { setTimeout as sleep } from 'node:timers/promises';
import { deliveryQueueName, EVENTS_QUEUE } from '@feedloop/runtime';
import { now, wallOffset } from './clock.mjs';
import { DESTINATION } from './config.mjs';
import { wireEvent } from './events.mjs';
import { post, wasAccepted } from './post.mjs';
import { closeQueue, queueOf } from './queues.mjs';
import { summarise } from './stats.mjs';

/** `rate` POSTs a second, `warmupSeconds` thrown away, then `seconds` measured. `bench`: see throughput(). */
export async function latency(bench, { rate, seconds, warmupSeconds }) {
  const { admin, sink, configFor, startChild } = bench;
  await admin.flushall();
  sink.reset();
  const setup = configFor();
  const ingest = await startChild({ role: 'ingest', ...setup });
  const worker = await startChild({ role: 'worker', ...setup });
  try {
    const url = `${ingest.ready.url}/v1/events`;
    const sentEvents = []; // { id, warm, response }
    const interval = 1000 / rate;
    const total = rate * (warmupSeconds + seconds);
    let late = 0;
    const start = now();
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - now();
      if (wait > 1) await sleep(wait);
      else if (wait < -interval) late++;
      const event = wireEvent(i);
      const response = post(url, JSON.stringify(event));
      sentEvents.push({ id: event.id, warm: i < rate * warmupSeconds, response });
    }
    const sendSeconds = (now() - start) / 1000;
    const measured = [];
    const refused = {};
    for (const entry of sentEvents) {
      const r = await entry.response;
      const accepted = wasAccepted(r);
      if (!accepted) refused[r.status] = (refused[r.status] ?? 0) + 1;
      entry.result = { ...r, accepted };
      if (!entry.warm && accepted) measured.push(entry);
    }
    const acceptedCount = sentEvents.filter((e) => e.result.accepted).length;
    await sink.waitFor(acceptedCount);
    const acceptedToSink = [];
    const postToSink = [];
    const postTo202 = [];
    for (const { id, result } of measured) {
      const arrived = sink.arrivals.get(id);
      acceptedToSink.push(arrived - result.answered);
      postToSink.push(arrived - result.sent);
      postTo202.push(result.answered - result.sent);
    }
    const stats = await worker.stop();
    const stages = await latencyStages(measured, bench);
    return {
      rate,
      seconds,
      achievedRate: total / sendSeconds,
      lateSends: late,
      refused,
      sinkRequests: sink.requests,
      repeats: sink.requests - sink.arrivals.size,
      failed: stats.failed ?? {},
      acceptedToSink: summarise(acceptedToSink),
      postToSink: summarise(postToSink),
      postTo202: summarise(postTo202),
      beforeAccepted: acceptedToSink.filter((ms) => ms < 0).length,
      stages,
    };
  } finally {
    await Promise.all([ingest.stop(), worker.stop()]);
  }
}

/**
 * Where the time between the 202 and the sink goes, from the timestamps BullMQ keeps on the completed jobs (wall-clock
 * ms, written by the pump and the worker): the pump, the wait in {events}, the fan-out, the wait in {deliver-sink},
 * and the send until the sink had it.
 */
async function latencyStages(measured, { redisUrl, sink }) {
  const offset = wallOffset();
  const events = queueOf(redisUrl, EVENTS_QUEUE);
  const deliveries = queueOf(redisUrl, deliveryQueueName(DESTINATION));
  const stages = { pump: [], eventsWait: [], fanOut: [], deliveryWait: [], send: [] };
  try {
    for (let i = 0; i < measured.length; i += 200) {
      await Promise.all(
        measured.slice(i, i + 200).map(async ({ id, result }) => {
          const [job, delivery] = await Promise.all([events.getJob(id), deliveries.getJob(`${id}.${DESTINATION}`)]);
          if (!job?.finishedOn || !delivery?.processedOn) return;
          stages.pump.push(job.timestamp - (result.answered + offset));
          stages.eventsWait.push(job.processedOn - job.timestamp);
          stages.fanOut.push(job.finishedOn - job.processedOn);
          stages.deliveryWait.push(delivery.processedOn - delivery.timestamp);
          stages.send.push(sink.arrivals.get(id) + offset - delivery.processedOn);
        }),
      );
    }
  } finally {
    await Promise.all([closeQueue(events), closeQueue(deliveries)]);
  }
  return Object.fromEntries(Object.entries(stages).map(([name, values]) => [name, summarise(values)]));
}

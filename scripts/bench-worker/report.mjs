// What the bench prints: the tables of throughput, latency and memory, the goals; and the JSON of --json.
import { writeFileSync } from 'node:fs';
import { median } from './stats.mjs';

export const KINDS = { baseline: 'no-op BullMQ worker', twoQueues: 'no-op, two queues (BullMQ alone)', ours: 'startWorker → sink' };

export function fmt(x, digits = 0) {
  return x == null || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
const pct = (x) => `${Math.round(100 * x)}%`;
const row = (cells, widths) => `  ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[0]) : String(c).padStart(widths[i]))).join('')}`;
const MiB = (bytes) => fmt(bytes / 1024 / 1024, 1);

/** `summary`: the medians of the rounds; `failures`: failed jobs over all runs. */
export function printThroughput(runs, summary, { rounds, failures }) {
  const of = (kind) => runs.filter((r) => r.kind === kind);
  const w = [38, 10, 11, 7, 8, 7, 7, 7];
  console.log(`\n${row([`throughput (median of ${rounds})`, 'events/s', 'whole run', 'ratio', 'worker', 'loop', 'redis', 'sink'], w)}`);
  const lines = [
    [`(a) ${KINDS.baseline}`, 'baseline', summary.base, summary.baseWhole],
    [`(b) ${KINDS.twoQueues}`, 'twoQueues', summary.twoQueues, summary.twoQueuesWhole],
    [`(c) ${KINDS.ours}`, 'ours', summary.ours, summary.oursWhole],
  ];
  for (const [name, kind, rate, whole] of lines) {
    const cpu = (key) => pct(median(of(kind).map((r) => r.cpu[key])));
    console.log(row([name, fmt(rate), fmt(whole), (rate / summary.base).toFixed(2), cpu('worker'), cpu('workerLoop'), cpu('redis'), kind === 'ours' ? cpu('sink') : '–'], w));
  }
  console.log('  (events/s from the 5% mark to the last event; "whole run" from the resume. CPU time of each process as a share of');
  console.log('  one core over the run; "loop": how busy the worker\'s event loop was, its main thread, which runs all the JavaScript)');
  const repeats = of('ours').reduce((n, r) => n + r.sinkRequests - r.events, 0);
  console.log(`  repeated deliveries at the sink: ${repeats}; failed jobs: ${failures}`);
}

export function printLatency(lat) {
  console.log(`\n  latency at ${lat.rate} events/s (${fmt(lat.achievedRate, 1)} sent/s), ${lat.acceptedToSink.count} events, ms:`);
  const w = [36, 9, 9, 9, 9];
  const line = (name, s, digits) => console.log(row([name, fmt(s.p50, digits), fmt(s.p90, digits), fmt(s.p99, digits), fmt(s.max, digits)], w));
  console.log(row(['', 'p50', 'p90', 'p99', 'max'], w));
  line('202 → sink (accepted → delivered)', lat.acceptedToSink, 1);
  line('POST sent → 202', lat.postTo202, 1);
  line('POST sent → sink', lat.postToSink, 1);
  line('  202 → job in {events} (pump)', lat.stages.pump, 0);
  line('  waiting in {events}', lat.stages.eventsWait, 0);
  line('  enrich + fan-out (events job)', lat.stages.fanOut, 0);
  line('  waiting in {deliver-sink}', lat.stages.deliveryWait, 0);
  line('  delivery job taken → at the sink', lat.stages.send, 0);
  console.log('  (the stages from the jobs\' own timestamps, whole ms of the wall clock; each stage\'s percentiles on their own)');
  console.log(`  refused: ${JSON.stringify(lat.refused)}; repeated deliveries: ${lat.repeats}; failed jobs: ${JSON.stringify(lat.failed)}`);
  // The 202 and the delivery race: the pump wakes on the intake write, and the client reads the 202 in this process.
  console.log(`  at the sink before the client had read the 202 (counted as negative): ${lat.beforeAccepted} of ${lat.acceptedToSink.count}`);
}

export function printMemory(mem) {
  console.log(`\n  Redis memory per event (${fmt(mem.events)} events; used_memory less client buffers, over the empty queues):`);
  const w = [58, 12, 10];
  console.log(row(['stage', 'total', 'B/event'], w));
  const stageNames = {
    intake: '(a) accepted, in the intake stream (+ dedupe key)',
    queued: '(b) waiting in {events} (pumped; + dedupe key)',
    fannedOut: '(c) fanned out: {deliver-sink} waiting + completed events',
    delivered: '(d) delivered: what is left (retention + dedupe keys)',
  };
  for (const [stage, name] of Object.entries(stageNames)) console.log(row([name, `${MiB(mem.stages[stage].bytes)} MiB`, fmt(mem.stages[stage].perEvent)], w));
  const B = mem.breakdown;
  console.log(`  (d) is: dedupe keys ${fmt(B.seen.keys)} × ${fmt(B.seen.bytes / B.seen.keys)} B (24 h); {events}: ${fmt(B.eventsQueue.completed)} completed jobs kept, ${MiB(B.eventsQueue.bytes)} MiB;`);
  console.log(`      {deliver-sink}: ${fmt(B.deliveryQueue.completed)} completed jobs kept, ${MiB(B.deliveryQueue.bytes)} MiB; other ${fmt(B.other / 1024, 0)} KiB`);
  for (const [name, { entries, bytes }] of Object.entries(B.streams)) console.log(`      of which ${name}'s BullMQ event stream: ${fmt(entries)} entries, ${MiB(bytes)} MiB`);
  const p = mem.perItem;
  console.log(`  per item, B: dedupe key ${fmt(p.seenKey)}; event in the intake stream ${fmt(p.intakeEvent)}; waiting job: {events} ${fmt(p.waitingEventJob)},`);
  console.log(`      {deliver-sink} ${fmt(p.waitingDeliveryJob)}; completed job kept: {events} ${fmt(p.completedEventJob)}, {deliver-sink} ${fmt(p.completedDeliveryJob)}`);
}

export function printGoals(goals) {
  console.log('');
  for (const { goal, value, pass } of goals) console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${goal.padEnd(34)} ${value}`);
  console.log('');
}

export function writeJson(path, results) {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${path}`);
}

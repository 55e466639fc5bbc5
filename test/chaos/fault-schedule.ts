import { sleep } from '../helpers/fault-run.js';
import type { ChaosOptions } from './chaos-options.js';
import type { ChaosSystem } from './chaos-system.js';

/** One fault as struck: when it began and when it was lifted (process ready again, network back, window over). */
export interface StruckFault {
  name: string;
  what: string;
  /** Whether it stops the intake (clients see errors and retry), so that "accepting again" means something. */
  intake: boolean;
  startedAt: number;
  liftedAt: number;
  /** Worker kills: the jobs the killed workers held when they died. */
  heldJobs: number | null;
}

interface Fault {
  name: string;
  what: (options: ChaosOptions) => string;
  intake: boolean;
  /** Strikes, and resolves once the fault is lifted; a worker kill, with when it struck and the jobs the killed held. */
  strike: (system: ChaosSystem, options: ChaosOptions) => Promise<{ killedAt: number; heldJobs: number } | void>;
}

const seconds = (ms: number) => `${ms / 1000} s`;

/** An outage of a destination: cut off for `outageMs`, then back. */
async function outage(start: () => void, end: () => void, options: ChaosOptions): Promise<void> {
  start();
  await sleep(options.outageMs);
  end();
}

/** Kinds of fault alternate, so that each has its own slot to recover in. */
export const FAULTS: Fault[] = [
  {
    name: 'worker SIGKILL',
    what: (o) => `a worker holding webhook deliveries (their answers kept back) is killed with SIGKILL; a new one starts ${seconds(o.downMs)} later`,
    intake: false,
    strike: (system) => system.killWorkers(1),
  },
  {
    name: 'ingest restart',
    what: () => 'the ingest is stopped with SIGTERM (a deploy: requests in flight are finished) and started again',
    intake: true,
    strike: (system) => system.restartIngest('SIGTERM'),
  },
  {
    name: 'webhook 503',
    what: (o) => `the webhook consumer's network is away: every delivery gets 503 for ${seconds(o.outageMs)}`,
    intake: false,
    strike: (system, o) => outage(() => system.webhook.outage('503'), () => system.webhook.outage(null), o),
  },
  {
    name: 'Redis crash',
    what: (o) => `Redis is killed with SIGKILL and started again on its append-only file ${seconds(o.downMs)} later`,
    intake: true,
    strike: (system) => system.crashRedis(),
  },
  {
    name: 'webhook hang',
    what: (o) => `the webhook consumer hangs: connections open, nothing answered for ${seconds(o.outageMs)}, then reset`,
    intake: false,
    strike: (system, o) => outage(() => system.webhook.outage('hang'), () => system.webhook.outage(null), o),
  },
  {
    name: 'Zendesk 429',
    what: (o) => `Zendesk answers 429 with Retry-After to every request for ${seconds(o.outageMs)}`,
    intake: false,
    strike: (system, o) => outage(() => system.zendesk.throttleFor(o.outageMs), () => {}, o),
  },
  {
    name: 'ingest crash',
    what: (o) => `the ingest is killed with SIGKILL and started again ${seconds(o.downMs)} later`,
    intake: true,
    strike: (system) => system.restartIngest('SIGKILL'),
  },
  {
    name: 'all workers SIGKILL',
    what: (o) => `both workers are killed with SIGKILL at once, holding jobs (webhook deliveries left unanswered); new ones start ${seconds(o.downMs)} later`,
    intake: false,
    strike: (system) => system.killWorkers(2),
  },
];

/**
 * Strikes every fault once, in order, spread over the run: fault i at (i + ½) slots, a slot being the run's duration
 * divided among the faults and one more, so the last leaves time to recover before the load stops.
 */
export async function strikeFaults(system: ChaosSystem, options: ChaosOptions, loadStartedAt: number): Promise<StruckFault[]> {
  const slot = options.durationMs / (FAULTS.length + 1);
  const struck: StruckFault[] = [];
  for (const [i, fault] of FAULTS.entries()) {
    await sleep(Math.max(0, loadStartedAt + slot * (i + 0.5) - Date.now()));
    const at = Date.now();
    options.log(`fault ${i + 1}/${FAULTS.length}: ${fault.name}`);
    const kill = await fault.strike(system, options);
    const startedAt = kill ? kill.killedAt : at;
    struck.push({ name: fault.name, what: fault.what(options), intake: fault.intake, startedAt, liftedAt: Date.now(), heldJobs: kill ? kill.heldJobs : null });
    options.log(`fault ${i + 1}/${FAULTS.length}: ${fault.name} lifted after ${Date.now() - startedAt} ms${kill ? `; the killed held ${kill.heldJobs} jobs` : ''}`);
  }
  return struck;
}

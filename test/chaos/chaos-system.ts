import { deliveryJobId, deliveryQueueName, EVENTS_QUEUE, parseConfig, type Config } from '@feedloop/runtime';
import { generateSecret } from '@feedloop/webhooks';
import { Queue, type Job } from 'bullmq';
import { freePort } from '../../packages/cli/src/local-redis.js';
import { startDedupeReceiver, type DedupeReceiver } from '../helpers/dedupe-receiver.js';
import { HOOK_ID, sleep, stopProcess, within } from '../helpers/fault-run.js';
import { runFeedloop, type FeedloopProcess } from '../helpers/feedloop-process.js';
import { startPageServer, type PageServer } from '../helpers/page-server.js';
import { startAofRedis, type AofRedis } from '../helpers/redis-server.js';
import { startFakeZendesk, type FakeZendesk } from '../providers/zendesk-server.js';
import { chaosConfig, ZENDESK_LOGIN } from './chaos-config.js';
import type { ChaosOptions } from './chaos-options.js';

const WEBHOOK_DELAY_MS = 150;
/**
 * How long a worker kill may wait for a worker that holds jobs (the load sends some every second or so). Below the
 * webhook's request timeout (15 s), so that the surviving worker's deliveries, whose answers are kept meanwhile, do
 * not time out.
 */
const KILL_WAIT_MS = 10_000;

/** A process the run started and what became of it: stopped by the run (expected) or exited by itself. */
interface Tracked {
  role: 'ingest' | 'worker';
  proc: FeedloopProcess;
  stoppedByRun: boolean;
}

/**
 * Everything a chaos run strikes, as separate processes on 127.0.0.1: a Redis of its own (AOF on, fsync on every
 * write), one `feedloop ingest` on a fixed port, two `feedloop worker`s, a signed-webhook consumer and a fake Zendesk
 * (the destinations), and the origin the browser pages come from.
 */
export interface ChaosSystem {
  config: Readonly<Config>;
  redis: AofRedis;
  webhook: DedupeReceiver;
  zendesk: FakeZendesk;
  pages: PageServer;
  ingestUrl: string;
  /** Stops the ingest (SIGTERM: a graceful deploy; SIGKILL: a crash); starts it again on the same port after `downMs`. */
  restartIngest(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /**
   * SIGKILLs `count` running workers, those holding the most jobs first (waiting up to KILL_WAIT_MS for one that
   * holds some, with the webhook's answers kept back);
   * starts as many again after `downMs`, as a supervisor would. Resolves with when they died and the jobs they held.
   */
  killWorkers(count: number): Promise<{ killedAt: number; heldJobs: number }>;
  /** SIGKILLs Redis and starts it again on the same port and data after `downMs`. */
  crashRedis(): Promise<void>;
  /** Processes that exited without the run stopping them: `<role> <pid>: <exit>`. */
  unexpectedExits(): string[];
  /** Jobs of each destination queue that ended failed (dead-lettered). */
  failedDeliveries(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startChaosSystem(options: ChaosOptions): Promise<ChaosSystem> {
  const closers: (() => Promise<void>)[] = [];
  const tracked: Tracked[] = [];
  try {
    const redis = await startAofRedis({ appendfsync: 'always' });
    closers.push(() => redis.close());
    const secret = generateSecret();
    // Each delivery takes a moment, as a real consumer's does: a killed worker dies holding some.
    const webhook = await startDedupeReceiver(secret, { delayMs: WEBHOOK_DELAY_MS });
    closers.push(() => webhook.close());
    // Rate-limited as Zendesk Enterprise is (700 a minute); the run's own 429 window comes on top.
    const zendesk = await startFakeZendesk({ ...ZENDESK_LOGIN, limitPerMinute: 700 });
    closers.push(() => zendesk.close());
    const pages = await startPageServer();
    closers.push(() => pages.close());

    const { rawConfig, env } = chaosConfig({
      redisUrl: redis.url,
      port: await freePort(),
      pageOrigin: pages.origin,
      webhookUrl: webhook.url,
      webhookSecret: secret,
      zendeskUrl: zendesk.url,
      backoffMs: options.backoffMs,
    });
    const config = parseConfig(rawConfig, env);

    const launch = async (role: Tracked['role']) => {
      const proc = await runFeedloop(rawConfig, [role], env);
      tracked.push({ role, proc, stoppedByRun: false });
      return proc;
    };
    const running = (role: Tracked['role']) => tracked.filter((t) => t.role === role && t.proc.child.exitCode === null && t.proc.child.signalCode === null);
    // Settled, not all: a process that does start while another fails is tracked, and stopped below.
    const started = await Promise.allSettled([launch('ingest'), launch('worker'), launch('worker')]);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const ingestUrl = (started[0] as PromiseFulfilledResult<FeedloopProcess>).value.ready.ingestUrl as string;

    const queue = (name: string) => new Queue(name, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: config.redis.prefix });
    const deliveries = config.destinations.map((d) => queue(deliveryQueueName(d.id)));
    const queues = [queue(EVENTS_QUEUE), ...deliveries];
    const webhookDeliveries = deliveries[config.destinations.findIndex((d) => d.id === HOOK_ID)]!;
    for (const q of queues) q.on('error', () => {});
    closers.push(async () => void (await Promise.all(queues.map((q) => q.close())).catch(() => {})));

    /** Active jobs per worker process, by pid: each job names the process that took it (`processedBy`). */
    const countByPid = (active: Job[]): Map<number, number> => {
      const held = new Map<number, number>();
      for (const job of active) {
        const pid = Number(/-(\d+)$/.exec(job?.processedBy ?? '')?.[1]);
        if (pid) held.set(pid, (held.get(pid) ?? 0) + 1);
      }
      return held;
    };
    const activeJobs = async (among: Queue[]) => (await within(Promise.all(among.map((q) => q.getActive(0, -1))), 5_000, 'active jobs')).flat();
    const heldByPid = async () => countByPid(await activeJobs(queues));
    /** Active webhook deliveries, by pid, of the events whose answers the receiver keeps back (job id `<event>.<hook>`). */
    const pidsHoldingDeliveries = async (keptIds: ReadonlySet<string>) => {
      const active = await activeJobs([webhookDeliveries]);
      const kept = new Set([...keptIds].map((id) => deliveryJobId(id, HOOK_ID)));
      return countByPid(active.filter((job) => job?.id !== undefined && kept.has(job.id)));
    };

    return {
      config,
      redis,
      webhook,
      zendesk,
      pages,
      ingestUrl,
      async restartIngest(signal) {
        for (const t of running('ingest')) {
          t.stoppedByRun = true;
          if (signal === 'SIGKILL') {
            t.proc.child.kill('SIGKILL');
            await t.proc.stop();
          } else await stopProcess(t.proc);
        }
        await sleep(options.downMs);
        await launch('ingest');
      },
      async killWorkers(count) {
        // A kill proves something when the victim dies holding jobs. The webhook's answers are kept back meanwhile,
        // so a delivery that has gone out stays in its worker's hands until the kill; the steady load sends one soon.
        const held = webhook.holdAnswers();
        let victims: Tracked[];
        let killedAt: number;
        try {
          const deadline = Date.now() + KILL_WAIT_MS;
          // Only a delivery whose answer is kept is sure to be held still when the kill lands; one answered just
          // before the hold may be active for a few ms more, then complete.
          let holding = await pidsHoldingDeliveries(held.ids);
          while (!running('worker').some((t) => holding.has(t.proc.child.pid!)) && Date.now() < deadline) {
            await sleep(50);
            holding = await pidsHoldingDeliveries(held.ids);
          }
          victims = running('worker')
            .sort((a, b) => (holding.get(b.proc.child.pid!) ?? 0) - (holding.get(a.proc.child.pid!) ?? 0))
            .slice(0, count);
          killedAt = Date.now();
          for (const t of victims) {
            t.stoppedByRun = true;
            t.proc.child.kill('SIGKILL');
          }
          await Promise.all(victims.map((t) => t.proc.stop()));
        } finally {
          held.release();
        }
        // Counted after death: the jobs stay active, in the dead's name, until their locks expire.
        const heldAtDeath = await heldByPid();
        const heldJobs = victims.reduce((n, t) => n + (heldAtDeath.get(t.proc.child.pid!) ?? 0), 0);
        await sleep(options.downMs);
        await Promise.all(victims.map(() => launch('worker')));
        return { killedAt, heldJobs };
      },
      async crashRedis() {
        await redis.stop('SIGKILL');
        await sleep(options.downMs);
        await redis.restart();
      },
      unexpectedExits() {
        return tracked
          .filter((t) => !t.stoppedByRun && (t.proc.child.exitCode !== null || t.proc.child.signalCode !== null))
          .map((t) => `${t.role} ${t.proc.child.pid}: ${t.proc.child.exitCode ?? t.proc.child.signalCode}\n${t.proc.logs.slice(-10).join('\n')}`);
      },
      async failedDeliveries() {
        const counts = await within(Promise.all(deliveries.map((q) => q.getFailedCount())), 5_000, 'failed deliveries');
        return Object.fromEntries(config.destinations.map((d, i) => [d.id, counts[i]!]));
      },
      async close() {
        for (const t of tracked) t.stoppedByRun = true;
        await Promise.all(tracked.map((t) => stopProcess(t.proc)));
        for (const close of closers.splice(0).reverse()) await close().catch((error: unknown) => console.error(error));
      },
    };
  } catch (error) {
    await Promise.all(tracked.map((t) => stopProcess(t.proc)));
    for (const close of closers.reverse()) await close().catch(() => {});
    throw error;
  }
}

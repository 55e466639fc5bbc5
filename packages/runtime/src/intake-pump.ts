import { Queue } from 'bullmq';
import type { RedisClient } from './redis.js';
import { EVENT_JOB_OPTIONS, intakeKeys, type IntakeEntry } from './intake.js';
import { EVENTS_QUEUE, QUEUE_STREAMS } from './queues.js';

/** An entry another pump took but did not finish (it crashed) is taken over after this long. */
const ABANDONED_MS = 10_000;
const ENTRIES_PER_READ = 16;
/** A closing pump waits this long for the read in hand; with Redis down it would wait for ever. */
const CLOSE_WAIT_MS = 2_000;

type StreamEntries = [id: string, fields: string[] | null][];

export interface IntakePumpOptions {
  /** A connection of its own: the pump blocks on it while the intake is empty. */
  redis: RedisClient;
  prefix: string;
  /** Names this pump in the consumer group; pumps in other processes share the work. */
  consumer: string;
  /** How long an entry another pump took may stay unfinished before this one takes it over. Default 10 s. */
  abandonedMs?: number;
  onError?(error: Error): void;
}

/** The jobs of an intake entry, or undefined when it is not what ingest writes. */
function readEntry(fields: string[]): IntakeEntry | undefined {
  const at = fields.indexOf('jobs');
  try {
    const jobs: unknown = at >= 0 ? JSON.parse(fields[at + 1] ?? '') : undefined;
    return Array.isArray(jobs) && jobs.every((job) => typeof job?.event?.id === 'string') ? (jobs as IntakeEntry) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Moves what ingest took from the intake stream into the `{events}` queue, one job per event with the event id as
 * job id. An entry leaves the stream only after its jobs are queued; a pump that dies in between leaves it
 * pending, and another takes it over. The job ids make that second attempt queue nothing twice while the first
 * jobs are kept (completed ones for an hour, the last 10,000); after that the destinations' idempotency absorbs the
 * repeat: delivery is at least once.
 */
export class IntakePump {
  private readonly queue: Queue;
  private readonly keys: ReturnType<typeof intakeKeys>;
  private running = false;
  private loop?: Promise<void>;

  constructor(private readonly options: IntakePumpOptions) {
    this.queue = new Queue(EVENTS_QUEUE, { connection: options.redis, prefix: options.prefix, streams: QUEUE_STREAMS });
    this.queue.on('error', (error) => options.onError?.(error));
    this.keys = intakeKeys(options.prefix);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const { redis, consumer } = this.options;
    const { stream, group } = this.keys;
    while (this.running) {
      try {
        await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch((error: Error) => {
          if (!error.message.includes('BUSYGROUP')) throw error;
        });
        const [, abandoned] = (await redis.xautoclaim(stream, group, consumer, this.options.abandonedMs ?? ABANDONED_MS, '0-0', 'COUNT', ENTRIES_PER_READ)) as [string, StreamEntries];
        if (abandoned.length > 0) await this.move(abandoned);
        const read = (await redis.xreadgroup('GROUP', group, consumer, 'COUNT', ENTRIES_PER_READ, 'BLOCK', 1_000, 'STREAMS', stream, '>')) as
          | [string, StreamEntries][]
          | null;
        if (read?.[0]) await this.move(read[0][1]);
      } catch (error) {
        if (!this.running) return;
        this.options.onError?.(error as Error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async move(entries: StreamEntries): Promise<void> {
    const jobs: IntakeEntry = [];
    const unreadable: [string, string[]][] = [];
    for (const [id, fields] of entries) {
      // Deleted meanwhile (Redis 6.2 still lists it): nothing to move.
      if (!fields) continue;
      const parsed = readEntry(fields);
      if (parsed) jobs.push(...parsed);
      else unreadable.push([id, fields]);
    }
    if (jobs.length > 0) await this.queue.addBulk(jobs.map((data) => ({ name: 'event', data, opts: { jobId: data.event.id, ...EVENT_JOB_OPTIONS } })));
    const ids = entries.map(([id]) => id);
    const done = this.options.redis.multi();
    // An entry no pump can read is set aside, not retried for ever in front of the good ones.
    for (const [id, fields] of unreadable) done.xadd(this.keys.dead, '*', 'from', id, ...fields);
    await done.xack(this.keys.stream, this.keys.group, ...ids).xdel(this.keys.stream, ...ids).exec();
    if (unreadable.length > 0) this.options.onError?.(new Error(`intake: ${unreadable.length} unreadable entries moved to ${this.keys.dead}`));
  }

  /** Finishes the entries in hand, then stops. */
  async close(): Promise<void> {
    this.running = false;
    // The blocking read returns within its one second and the loop ends; with Redis down it may not, and an entry
    // in hand stays pending for another pump.
    await Promise.race([this.loop, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
    await Promise.race([this.queue.close(), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
  }
}

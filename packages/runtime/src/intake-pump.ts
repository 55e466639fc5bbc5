import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { EVENT_JOB_OPTIONS, intakeKeys, type IntakeEntry } from './intake.js';
import { EVENTS_QUEUE } from './queues.js';

/** An entry another pump took but did not finish (it crashed) is taken over after this long. */
const ABANDONED_MS = 30_000;
const ENTRIES_PER_READ = 64;

type StreamEntries = [id: string, fields: string[]][];

export interface IntakePumpOptions {
  /** A connection of its own: the pump blocks on it while the intake is empty. */
  redis: Redis;
  prefix: string;
  /** Names this pump in the consumer group; pumps in other processes share the work. */
  consumer: string;
  /** How long an entry another pump took may stay unfinished before this one takes it over. Default 30 s. */
  abandonedMs?: number;
  onError?(error: Error): void;
}

/**
 * Moves what ingest took from the intake stream into the `{events}` queue, one job per event with the event id as
 * job id. An entry leaves the stream only after its jobs are queued; a pump that dies in between leaves it
 * pending, and another takes it over: the job ids make the second attempt queue nothing twice.
 */
export class IntakePump {
  private readonly queue: Queue;
  private readonly keys: ReturnType<typeof intakeKeys>;
  private running = false;
  private loop?: Promise<void>;

  constructor(private readonly options: IntakePumpOptions) {
    this.queue = new Queue(EVENTS_QUEUE, { connection: options.redis, prefix: options.prefix });
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
    const jobs = entries.flatMap(([, fields]) => JSON.parse(fields[fields.indexOf('jobs') + 1] ?? '[]') as IntakeEntry);
    if (jobs.length > 0) await this.queue.addBulk(jobs.map((data) => ({ name: 'event', data, opts: { jobId: data.event.id, ...EVENT_JOB_OPTIONS } })));
    const ids = entries.map(([id]) => id);
    await this.options.redis.multi().xack(this.keys.stream, this.keys.group, ...ids).xdel(this.keys.stream, ...ids).exec();
  }

  /** Finishes the entries in hand, then stops. */
  async close(): Promise<void> {
    this.running = false;
    // The blocking read returns within its one second; then the loop ends.
    await this.loop;
    await this.queue.close();
  }
}

import { EVENTS_QUEUE, type EventJob } from '@feedloop/runtime';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

const DEDUPE_SECONDS = 24 * 60 * 60;

export interface EnqueueResult {
  accepted: number;
  duplicates: string[];
}

interface Waiting {
  jobs: EventJob[];
  resolve(result: EnqueueResult): void;
  reject(error: unknown): void;
}

/**
 * Queues events once each. An id seen in the last 24 hours is a duplicate; the BullMQ job id
 * (= event id) catches the race of two identical requests in flight at once.
 * The dedupe mark is written only after the job is queued: a failure in between can cause a
 * repeat (which the job id and the destinations' idempotency absorb), never a loss.
 *
 * Requests that arrive together are written together: what came in during one turn of the event loop goes to
 * Redis as one MGET, one job batch and one MULTI, so throughput does not fall to one round trip per request.
 */
export class EventQueue {
  readonly queue: Queue;
  private waiting: Waiting[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    onError: (error: Error) => void,
  ) {
    this.queue = new Queue(EVENTS_QUEUE, { connection: redis, prefix });
    // Connection errors are answered per request with 503; here they are only noted.
    this.queue.on('error', onError);
  }

  private dedupeKey(eventId: string): string {
    return `${this.prefix}:dedupe:${eventId}`;
  }

  enqueue(jobs: EventJob[]): Promise<EnqueueResult> {
    if (jobs.length === 0) return Promise.resolve({ accepted: 0, duplicates: [] });
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ jobs, resolve, reject }) === 1) setImmediate(() => void this.writeWaiting());
    });
  }

  private async writeWaiting(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const queued = await this.write(batch.flatMap((w) => w.jobs));
      for (const { jobs, resolve } of batch) {
        const duplicates = jobs.filter((job) => !queued.delete(job)).map((job) => job.event.id);
        resolve({ accepted: jobs.length - duplicates.length, duplicates });
      }
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }

  /** Returns the jobs it queued; the first of several with one id wins, the others are duplicates. */
  private async write(jobs: EventJob[]): Promise<Set<EventJob>> {
    const seen = await this.redis.mget(jobs.map((job) => this.dedupeKey(job.event.id)));
    const claimed = new Set<string>();
    const fresh = jobs.filter((job, i) => seen[i] === null && !claimed.has(job.event.id) && claimed.add(job.event.id));
    if (fresh.length > 0) {
      await this.queue.addBulk(
        fresh.map((job) => ({
          name: 'event',
          data: job,
          opts: {
            jobId: job.event.id,
            attempts: 8,
            backoff: { type: 'exponential', delay: 1_000 },
            removeOnComplete: { age: 3_600, count: 10_000 },
            removeOnFail: { age: 14 * 24 * 3_600 },
          },
        })),
      );
      const marks = this.redis.multi();
      for (const job of fresh) marks.set(this.dedupeKey(job.event.id), '1', 'EX', DEDUPE_SECONDS);
      await marks.exec();
    }
    return new Set(fresh);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

import { EVENTS_QUEUE, type EventJob } from '@feedloop/runtime';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

const DEDUPE_SECONDS = 24 * 60 * 60;

export interface EnqueueResult {
  accepted: number;
  duplicates: string[];
}

/**
 * Queues events once each. An id seen in the last 24 hours is a duplicate; the BullMQ job id
 * (= event id) catches the race of two identical requests in flight at once.
 * The dedupe mark is written only after the job is queued: a failure in between can cause a
 * repeat (which the job id and the destinations' idempotency absorb), never a loss.
 */
export class EventQueue {
  readonly queue: Queue;

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

  async enqueue(jobs: EventJob[]): Promise<EnqueueResult> {
    if (jobs.length === 0) return { accepted: 0, duplicates: [] };
    const seen = await this.redis.mget(jobs.map((job) => this.dedupeKey(job.event.id)));
    const duplicates = jobs.filter((_, i) => seen[i] !== null).map((job) => job.event.id);
    const fresh = jobs.filter((_, i) => seen[i] === null);
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
    return { accepted: fresh.length, duplicates };
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

import { DEDUPE_SECONDS, EVENTS_QUEUE, INTAKE_SCRIPT, intakeKeys, QUEUE_STREAMS, type EventJob } from '@feedloop/runtime';
import { Queue } from 'bullmq';
import type { RedisClient } from '@feedloop/runtime';

export interface EnqueueResult {
  accepted: number;
  duplicates: string[];
}

interface Waiting {
  jobs: EventJob[];
  resolve(result: EnqueueResult): void;
  reject(error: unknown): void;
}

const MAX_EVENTS_PER_WRITE = 1_000;

type IntakeRedis = RedisClient & { feedloopIntake(stream: string, ...args: (string | number)[]): Promise<number[]> };

/**
 * Takes events once each, for the pumps to move into the `{events}` queue (packages/runtime/src/intake-pump.ts).
 * An id seen in the last 24 hours is a duplicate. One script marks the new ids and appends their events, both or
 * neither: an accepted event is in Redis, and a resend after a failure is never lost to a mark without its event.
 *
 * Requests that arrive together are written together: what came in during one turn of the event loop is one
 * script call, one round trip, so throughput does not fall to one round trip (or one queue job) per request.
 */
export class EventQueue {
  /** The queue the pumps fill; here only to report its depth. */
  readonly queue: Queue;
  readonly keys: ReturnType<typeof intakeKeys>;
  private readonly redis: IntakeRedis;
  private waiting: Waiting[] = [];
  private waitingEvents = 0;

  constructor(redis: RedisClient, prefix: string, onError: (error: Error) => void) {
    this.keys = intakeKeys(prefix);
    redis.defineCommand('feedloopIntake', { numberOfKeys: 1, lua: INTAKE_SCRIPT });
    this.redis = redis as IntakeRedis;
    this.queue = new Queue(EVENTS_QUEUE, { connection: redis, prefix, streams: QUEUE_STREAMS });
    // Connection errors are answered per request with 503; here they are only noted.
    this.queue.on('error', onError);
  }

  enqueue(jobs: EventJob[]): Promise<EnqueueResult> {
    if (jobs.length === 0) return Promise.resolve({ accepted: 0, duplicates: [] });
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ jobs, resolve, reject }) === 1) setImmediate(() => void this.writeWaiting());
      this.waitingEvents += jobs.length;
      // Bounded: one script call (and one intake entry) holds at most about MAX_EVENTS_PER_WRITE events.
      if (this.waitingEvents >= MAX_EVENTS_PER_WRITE) void this.writeWaiting();
    });
  }

  /** Events waiting in the intake for a pump. */
  backlog(): Promise<number> {
    return this.redis.xlen(this.keys.stream);
  }

  private async writeWaiting(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    this.waitingEvents = 0;
    if (batch.length === 0) return;
    try {
      const all = batch.flatMap((w) => w.jobs);
      const args = all.flatMap((job) => [job.event.id, JSON.stringify(job)]);
      const taken = await this.redis.feedloopIntake(this.keys.stream, DEDUPE_SECONDS, this.keys.seen, ...args);
      let i = 0;
      for (const { jobs, resolve } of batch) {
        const duplicates = jobs.filter(() => taken[i++] !== 1).map((job) => job.event.id);
        resolve({ accepted: jobs.length - duplicates.length, duplicates });
      }
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

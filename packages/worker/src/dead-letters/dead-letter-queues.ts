import { deliveryQueueName, EVENTS_QUEUE, QUEUE_STREAMS, type Config } from '@feedloop/runtime';
import { Queue } from 'bullmq';
import type { RedisClient } from '@feedloop/runtime';
import { DeadLetterQueryError } from './dead-letter-query-error.js';

/** What every dead-letter function works over: the configuration (queue names, prefix) and a Redis connection it does not close. */
export interface DeadLetterSource {
  config: Readonly<Config>;
  connection: RedisClient;
}

/** The pseudo-destination that names the `events` queue in filters and results. */
export const EVENTS_DESTINATION = 'events';

export interface DeadLetterQueue {
  /** The queue's name without its hash tag: `events` or `deliver-<id>`. */
  label: string;
  /** `events`, or the destination id. */
  destination: string;
  kind: 'events' | 'delivery';
  queue: Queue;
}

/** The queue's name as people read it: `{deliver-crm}` → `deliver-crm`. */
export function queueLabel(name: string): string {
  return name.replace(/^\{(.*)\}$/, '$1');
}

/**
 * Opens the events queue and every configured destination's queue (or only the one `destination` names:
 * `events` or a destination id), runs `fn`, and closes them again; the connection stays open.
 */
export async function withDeadLetterQueues<T>(source: DeadLetterSource, destination: string | undefined, fn: (queues: DeadLetterQueue[]) => Promise<T>): Promise<T> {
  const { config, connection } = source;
  const all = [
    { name: EVENTS_QUEUE, destination: EVENTS_DESTINATION, kind: 'events' as const },
    ...config.destinations.map((d) => ({ name: deliveryQueueName(d.id), destination: d.id, kind: 'delivery' as const })),
  ];
  const chosen = destination === undefined ? all : all.filter((q) => q.destination === destination);
  if (chosen.length === 0) {
    throw new DeadLetterQueryError(`no destination "${destination}" in the configuration (known: ${all.map((q) => q.destination).join(', ')})`);
  }
  const queues = chosen.map(({ name, destination, kind }) => {
    const queue = new Queue(name, { connection, prefix: config.redis.prefix, streams: QUEUE_STREAMS });
    // Failures reach the caller through the rejected command; the event needs a listener not to crash the process.
    queue.on('error', () => {});
    return { label: queueLabel(name), destination, kind, queue };
  });
  try {
    return await fn(queues);
  } finally {
    await Promise.all(queues.map(({ queue }) => queue.close()));
  }
}

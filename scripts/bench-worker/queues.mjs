// BullMQ queues on the throwaway Redis, opened by the bench itself (to fill, pause, weigh and read them back).
import * as runtime from '@feedloop/runtime';
import { Queue } from 'bullmq';
import { PREFIX } from './config.mjs';

// The queues' own options as the pump and the worker set them (absent in older builds).
const QUEUE_OPTIONS = runtime.QUEUE_STREAMS ? { streams: runtime.QUEUE_STREAMS } : {};

export const queueOf = (redisUrl, name) => new Queue(name, { connection: runtime.createRedis(redisUrl, 'worker'), prefix: PREFIX, ...QUEUE_OPTIONS });

/** Closes the queue and the connection queueOf gave it. */
export async function closeQueue(queue) {
  const connection = queue.opts.connection;
  await queue.close();
  connection.disconnect();
}

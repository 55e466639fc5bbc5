import { withDeadLetterQueues, type DeadLetterSource } from './dead-letter-queues.js';

/** The number of failed jobs per destination (`events` for the events queue), every configured one included. */
export async function deadLetterCounts(source: DeadLetterSource): Promise<Record<string, number>> {
  return withDeadLetterQueues(source, undefined, async (queues) => {
    const counts = await Promise.all(queues.map(({ queue }) => queue.getFailedCount()));
    return Object.fromEntries(queues.map(({ destination }, index) => [destination, counts[index] ?? 0]));
  });
}

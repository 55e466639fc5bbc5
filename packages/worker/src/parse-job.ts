import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

/**
 * Job data is checked when a job is taken. Data that breaks the contract will never get better on a
 * retry, so it fails at once and waits in the failed set with the reason.
 */
export function parseJob<T extends z.ZodType>(schema: T, data: unknown, queue: string): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new UnrecoverableError(`job data on ${queue} breaks its contract: ${first?.path.join('.')} ${first?.message}`);
}

import { hostname } from 'node:os';
import { QUEUE_STREAMS } from '@feedloop/runtime';
import { backoffStrategy } from './backoff.js';

/**
 * Lock and stall settings shared by every worker of the process. A worker killed with SIGKILL stops renewing
 * its locks; after `lockDuration` its jobs count as stalled, and the next check (every `stalledInterval`) puts
 * them back, so they run again within 15 s. A job may stall many times (a crash loop, repeated kills) before
 * BullMQ gives up on it: losing a rating to a flaky host would be worse than trying once more.
 */
export const WORKER_SETTINGS = {
  /** Stored on each job it takes (`processedBy`, shown in Bull Board): which process to look at when a job hangs. */
  name: `${hostname()}-${process.pid}`,
  lockDuration: 10_000,
  stalledInterval: 5_000,
  maxStalledCount: 20,
  settings: { backoffStrategy },
  streams: QUEUE_STREAMS,
} as const;

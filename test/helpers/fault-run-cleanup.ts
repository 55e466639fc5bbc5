import { afterAll } from 'vitest';
import { stopProcess } from './fault-run.js';
import type { FeedloopProcess } from './feedloop-process.js';

/**
 * What a fault-test file starts, stopped after its last test whatever happened: processes first (SIGTERM, then
 * SIGKILL after a grace period), then the closers in reverse order. Logs the exit codes under `label`.
 */
export function faultRunCleanup(label: string) {
  const processes: FeedloopProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    const stopping = Date.now();
    const codes = await Promise.all(processes.splice(0).map((p) => stopProcess(p)));
    // null: killed (by the test, or after a SIGTERM it did not finish within the grace period).
    console.info(`${label}: processes stopped with exit codes [${codes.map((c) => c ?? 'killed').join(', ')}] in ${Date.now() - stopping} ms`);
    for (const close of closers.splice(0).reverse()) await close().catch((error: unknown) => console.error(error));
  }, 60_000);
  return { processes, closers };
}

/** ms on CLOCK_MONOTONIC, as in child.mjs: the same clock in every process of the machine. */
export const now = () => Number(process.hrtime.bigint()) / 1e6;

/** This process's wall clock minus its monotonic one, to ±1 ms: turns BullMQ's wall-clock job timestamps into `now()` time. */
export const wallOffset = () => Date.now() - now();

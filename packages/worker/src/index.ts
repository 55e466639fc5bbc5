export { startWorker, type RunningWorker, type StartWorkerOptions } from './start-worker.js';
export { toRecord } from './to-record.js';
export { loadEnricher } from './enrich/load-enricher.js';
export { compileWhen } from './matches-when.js';
export { jitteredBackoff } from './backoff.js';
export { destinationFromConfig } from './destination-from-config.js';
export { registerAdmin, DEFAULT_ADMIN_BASE_PATH, type RegisterAdminOptions } from './admin/admin-routes.js';
export * from './dead-letters/index.js';
export { startWorkerServer } from './worker-server.js';

export type { Destination } from './destination.js';
export type { Outcome, OutcomeKind } from './outcome.js';
export { classifyStatus, retryAfterMs } from './classify-status.js';
export { isPrivateAddress, privateAddressesOf } from './private-address.js';
export { webhookDestination, type WebhookOptions } from './webhook/webhook-destination.js';
export { httpPool } from './http-pool.js';

export type { Destination } from './destination.js';
export type { Outcome, OutcomeKind } from './outcome.js';
export { classifyStatus, retryAfterMs } from './classify-status.js';
export { isPrivateAddress, privateAddressesOf, publicOnlyLookup, PrivateAddressError } from './private-address.js';
export { webhookDestination, type WebhookOptions } from './webhook/webhook-destination.js';
export { httpPool, publicHttpPool } from './http-pool.js';

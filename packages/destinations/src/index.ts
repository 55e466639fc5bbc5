export type { Destination } from './destination.js';
export type { Outcome, OutcomeKind } from './outcome.js';
export { classifyStatus, retryAfterMs } from './classify-status.js';
export { isPrivateAddress, privateAddressesOf, publicOnlyLookup, PrivateAddressError } from './private-address.js';
export { webhookDestination, type WebhookOptions } from './webhook/webhook-destination.js';
export { httpPool, publicHttpPool } from './http-pool.js';
export { sendRequest, jsonOf, type HttpAnswer, type SendRequestOptions, type ResponseHeaders } from './send-request.js';

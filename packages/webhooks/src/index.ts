export { verifyWebhook, type VerifyOptions, type VerifyResult, type WebhookError, type WebhookErrorCode } from './verify.js';
export { signWebhook, signature, type SignInput } from './sign.js';
export { generateSecret, secretKey } from './secret.js';
export type { EnrichedRecord, FeedbackCreated } from '@feedloop/schema';

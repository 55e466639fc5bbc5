export { verifyWebhook, type VerifyOptions, type VerifyResult, type WebhookError, type WebhookErrorCode } from './verify.js';
export { signWebhook, signature, type SignInput } from './sign.js';
export { generateSecret, secretKey } from './secret.js';
export type {
  AlertEvent, AlertRecord, AlertType, DetractorAlert, EnrichedRecord, FeedbackCreated, InsightsTarget, RecordType, TargetMissedAlert,
  TargetWindow, WebhookEvent,
} from '@feedloop/schema';

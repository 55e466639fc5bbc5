export { configSchema, webhookSecrets, type Config, type DestinationConfig, type SiteConfig, type WebhookDestinationConfig } from './config-schema.js';
export { loadConfig, parseConfig, type ConfigProblem } from './load-config.js';
export { SecretRef } from './secret-ref.js';
export { createRedis, redactUrl, redisAnswers, whenReady, type RedisRole } from './redis.js';
export { DeliveryJob, EVENTS_QUEUE, EventJob, deliveryJobId, deliveryQueueName } from './queues.js';
export { createLogger, type Logger } from './logger.js';
export { onShutdown } from './shutdown.js';
export { deepFreeze } from './deep-freeze.js';

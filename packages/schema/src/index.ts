export * from './metrics.js';
export * from './errors.js';
export * from './limits.js';
export * from './wire-event.js';
export * from './enriched-record.js';
export { unknownKeys } from './unknown-keys.js';
export { wireJsonSchema } from './json-schema.js';
export { WEBHOOK_SECRET_PATTERN } from './webhook-secret.js';
export { SALESFORCE_FIELD_DEFAULTS } from './salesforce-field-defaults.js';

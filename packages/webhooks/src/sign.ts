import { createHmac } from 'node:crypto';
import { secretKey } from './secret.js';

export interface SignInput {
  /** The message id: Feedloop uses the event id, so a redelivery carries the same id. */
  id: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** The exact bytes that are sent. */
  body: string | Buffer;
}

/** The base64 HMAC-SHA256 of `id.timestamp.body`, as Standard Webhooks defines it. */
export function signature(input: SignInput, secret: string): string {
  return createHmac('sha256', secretKey(secret))
    .update(`${input.id}.${input.timestamp}.`)
    .update(input.body)
    .digest('base64');
}

/** Headers for a signed webhook; with several secrets (rotation) every signature is listed. */
export function signWebhook(input: SignInput, secrets: string | readonly string[]): Record<string, string> {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': list.map((secret) => `v1,${signature(input, secret)}`).join(' '),
  };
}

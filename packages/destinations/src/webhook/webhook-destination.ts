import type { EnrichedRecord, FeedbackCreated } from '@feedloop/schema';
import { signWebhook } from '@feedloop/webhooks';
import { request } from 'undici';
import { classifyStatus } from '../classify-status.js';
import type { Destination } from '../destination.js';
import { httpPool, publicHttpPool } from '../http-pool.js';
import type { Outcome } from '../outcome.js';
import { PrivateAddressError, privateAddressesOf } from '../private-address.js';
import { readStart } from '../read-start.js';

export interface WebhookOptions {
  id: string;
  url: string;
  /** `whsec_…` secrets; each signs, so a receiver may rotate without a gap. */
  secrets: readonly string[];
  allowPrivateNetworks?: boolean;
  timeoutMs?: number;
}

const USER_AGENT = 'Feedloop-Webhooks/0.1 (+https://feedloop.dev)';

/**
 * Standard Webhooks: a receiver answers 410 Gone to say "stop sending". An `auth` outcome pauses the destination's
 * queue, which disables it without losing a job: the deliveries wait there until a worker restarts.
 */
const GONE_REASON = 'the receiver answered 410 Gone: the endpoint is disabled until a worker restarts (Standard Webhooks)';

/** A Standard Webhooks POST: `webhook-id` is the event id, so a receiver can drop repeats. */
export function webhookDestination(options: WebhookOptions): Destination {
  const url = new URL(options.url);
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function send(record: EnrichedRecord): Promise<Outcome> {
    if (!options.allowPrivateNetworks) {
      let blocked: string[];
      try {
        // dns.lookup has no deadline of its own and holds one of libuv's four threads while it waits.
        blocked = await Promise.race([
          privateAddressesOf(url.hostname),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref()),
        ]);
      } catch (error) {
        return { kind: 'retry', reason: `DNS lookup of ${url.hostname} failed: ${(error as Error).message}` };
      }
      if (blocked.length > 0) {
        return { kind: 'rejected', reason: `${url.hostname} resolves to a private address (${blocked.join(', ')}); set allowPrivateNetworks to allow it` };
      }
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const event: FeedbackCreated = { type: 'feedback.created', timestamp: new Date(timestamp * 1000).toISOString(), data: record };
    const body = JSON.stringify(event);
    const signed = signWebhook({ id: record.id, timestamp, body }, options.secrets);
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: options.allowPrivateNetworks ? httpPool : publicHttpPool,
        headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...signed },
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = response.statusCode >= 300 ? await readStart(response.body) : (await response.body.dump(), '');
      if (response.statusCode === 410) return { kind: 'auth', status: 410, reason: GONE_REASON };
      return classifyStatus(response.statusCode, response.headers, text);
    } catch (error) {
      const cause = (error as Error & { cause?: unknown }).cause ?? error;
      if (cause instanceof PrivateAddressError) return { kind: 'rejected', reason: `${cause.message}; set allowPrivateNetworks to allow it` };
      return { kind: 'retry', reason: `${url.origin} did not answer: ${(error as Error).message}` };
    }
  }

  return { id: options.id, type: 'webhook', send };
}

import type { AlertEvent, AlertRecord, EnrichedRecord, WebhookEvent } from '@feedloop/schema';
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

/** The webhook body of an alert: `type` is the alert's own, `data` the alert itself. */
export function alertEvent(alert: AlertRecord, timestamp: string): AlertEvent {
  // The two branches read alike; each narrows `alert`, which is what lets TypeScript check that `type` and `data` agree.
  return alert.type === 'alert.detractor'
    ? { type: alert.type, timestamp, data: alert }
    : { type: alert.type, timestamp, data: alert };
}

/**
 * A Standard Webhooks POST of every rating (`feedback.created`) and alert (`alert.target_missed`, `alert.detractor`)
 * routed here. `webhook-id` is the rating's or the alert's id, both stable across retries, so a receiver can drop
 * repeats.
 */
export function webhookDestination(options: WebhookOptions): Destination {
  const url = new URL(options.url);
  const timestampOf = (seconds: number) => new Date(seconds * 1000).toISOString();

  return {
    id: options.id,
    type: 'webhook',
    send: (record: EnrichedRecord) => postEvent(url, options, record.id, (seconds) => ({ type: 'feedback.created', timestamp: timestampOf(seconds), data: record })),
    sendAlert: (alert: AlertRecord) => postEvent(url, options, alert.id, (seconds) => alertEvent(alert, timestampOf(seconds))),
  };
}

/** The reason the receiver's host may not be posted to, or an outcome when the check itself failed; undefined: go ahead. */
async function refusedHost(url: URL, timeoutMs: number): Promise<Outcome | undefined> {
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
  if (blocked.length === 0) return undefined;
  return { kind: 'rejected', reason: `${url.hostname} resolves to a private address (${blocked.join(', ')}); set allowPrivateNetworks to allow it` };
}

/**
 * The one send path of ratings and alerts: check the address, sign the exact bytes sent with `webhook-id` = `id`,
 * POST, classify. The event is built per attempt because its `timestamp` is the attempt's, as the signature's is.
 */
async function postEvent(url: URL, options: WebhookOptions, id: string, eventAt: (seconds: number) => WebhookEvent): Promise<Outcome> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (!options.allowPrivateNetworks) {
    const refused = await refusedHost(url, timeoutMs);
    if (refused) return refused;
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify(eventAt(timestamp));
  const signed = signWebhook({ id, timestamp, body }, options.secrets);
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

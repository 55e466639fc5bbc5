import { timingSafeEqual } from 'node:crypto';
import { RECORD_TYPES, WebhookEvent } from '@feedloop/schema';
import { ERROR_CODES, type ErrorCode } from '@feedloop/schema/errors';
import { secretKey } from './secret.js';
import { signature } from './sign.js';

export type WebhookErrorCode = Extract<ErrorCode, `WEBHOOK_${string}`>;

export interface WebhookError {
  code: WebhookErrorCode;
  message: string;
}

export type VerifyResult =
  /** `event` is one of the `WebhookEvent` types: switch on `event.type` to get its `data` typed. */
  | { ok: true; id: string; timestamp: number; event: WebhookEvent }
  | { ok: false; error: WebhookError };

export interface VerifyOptions {
  /** How far the timestamp may be from now, either way, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** Current time in ms; for tests. */
  now?: number;
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  // Frameworks differ in how they case header names; HTTP does not care, so neither do we.
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

function fail(code: WebhookErrorCode, message: string = ERROR_CODES[code].message): VerifyResult {
  return { ok: false, error: { code, message } };
}

function isValidSecret(secret: string): boolean {
  try {
    secretKey(secret);
    return true;
  } catch {
    return false;
  }
}

function sameBase64(a: string, b: string): boolean {
  const left = Buffer.from(a, 'base64');
  const right = Buffer.from(b, 'base64');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A signed body whose `type` this version does not know: most likely a newer Feedloop sending an event type added
 * since. Say which types are known and what to do, rather than a bare schema error about `type`.
 */
function unknownTypeMessage(type: unknown): string {
  const known = RECORD_TYPES.join(', ');
  if (typeof type !== 'string') return `The webhook body has no event type (expected one of ${known}).`;
  return `Unknown event type "${type.slice(0, 100)}": this version of @feedloop/webhooks knows ${known}; update it to receive newer events.`;
}

/**
 * Checks a Standard Webhooks signature and parses the Feedloop event: `feedback.created`, `alert.target_missed` or
 * `alert.detractor` (`WebhookEvent`).
 * Pass the raw body exactly as received: re-serialised JSON would not match.
 * With several secrets (during rotation) any one of them may match. No secret at all (an unset variable) is
 * `WEBHOOK_SECRET_INVALID`, like a malformed one: this never throws for bad input.
 */
export function verifyWebhook(
  rawBody: string | Buffer,
  headers: HeaderBag,
  secrets: string | readonly string[] | undefined,
  options: VerifyOptions = {},
): VerifyResult {
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestampText || !signatures) return fail('WEBHOOK_HEADERS_MISSING');

  const timestamp = Number(timestampText);
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (!/^\d+$/.test(timestampText) || Math.abs(now - timestamp) > tolerance) return fail('WEBHOOK_TIMESTAMP_INVALID');

  // `process.env.X` may be unset: say so as the typed error rather than throw a TypeError at the caller.
  const list = typeof secrets === 'string' ? [secrets] : (secrets ?? []);
  if (list.length === 0) return fail('WEBHOOK_SECRET_INVALID', 'No webhook secret was given: is the variable holding it set?');
  if (!list.every(isValidSecret)) return fail('WEBHOOK_SECRET_INVALID');
  const expected = list.map((secret) => signature({ id, timestamp, body: rawBody }, secret));
  const given = signatures
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => part.slice(3));
  if (!given.some((sig) => expected.some((exp) => sameBase64(sig, exp)))) return fail('WEBHOOK_SIGNATURE_INVALID');

  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    return fail('WEBHOOK_PAYLOAD_INVALID', 'The webhook body is not JSON.');
  }
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(RECORD_TYPES as readonly string[]).includes(type)) {
    return fail('WEBHOOK_PAYLOAD_INVALID', unknownTypeMessage(type));
  }
  const parsed = WebhookEvent.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return fail('WEBHOOK_PAYLOAD_INVALID', `The webhook body is not a Feedloop event: ${first?.path.join('.')} ${first?.message}`);
  }
  return { ok: true, id, timestamp, event: parsed.data };
}

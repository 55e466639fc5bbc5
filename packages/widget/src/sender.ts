import type { WireEvent } from '@feedloop/schema';
import { dropItem, outboxItems, putItem, type OutboxItem } from './outbox.js';
import { body, isRetryable, postEvents, type Answer, type Rejection, type Transport } from './transport.js';

export type Outcome = 'sent' | 'retry' | 'failed';

const BATCH = 10;
const MAX_DELAY = 36e5;
/** Parts of an event the server may refuse without the rating itself being wrong. */
const OPTIONAL_FIELDS = ['comment', 'answers', 'interaction', 'user', 'context', 'metadata'];

/** Wiring set by the API: how to post, who hears outcomes, which ratings this page still holds open. */
export const sender = {
  transport: postEvents as Transport,
  /** For a page that is going away: the browser sends it even after the page is gone. */
  beacon(url: string, data: string): void {
    if (!navigator.sendBeacon?.(url, data)) {
      fetch(url, { method: 'POST', body: data, keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain' } }).catch(() => {});
    }
  },
  report: (_item: OutboxItem, _outcome: Outcome, _answer: Answer | Rejection): void => {},
  held: new Set<string>(),
  enabled: true,
};

let running: Promise<void> | undefined;
let again = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let retryOffline = false;

/** Exponential, capped at an hour, with jitter so that many pages coming back online do not send in step. */
export const backoff = (attempts: number) => Math.min(MAX_DELAY, 1e3 * 2 ** attempts) * (0.5 + Math.random() / 2);

const sendable = (item: OutboxItem, now: number) => !sender.held.has(item.event.id) && !((item.heldUntil ?? 0) > now);

function byUrl(items: OutboxItem[]): OutboxItem[][] {
  const groups: Record<string, OutboxItem[]> = {};
  for (const item of items) (groups[item.url] ??= []).push(item);
  const batches: OutboxItem[][] = [];
  for (const group of Object.values(groups)) for (let i = 0; i < group.length; i += BATCH) batches.push(group.slice(i, i + BATCH));
  return batches;
}

/** Drops the optional fields the server named and says whether the rating can go again without them. */
function salvage(event: WireEvent, rejection: Rejection): boolean {
  const fields = new Set((rejection.issues ?? []).map((issue) => issue.path.split('.')[0]!));
  if (!fields.size || [...fields].some((field) => !OPTIONAL_FIELDS.includes(field))) return false;
  for (const field of fields) delete event[field as keyof WireEvent];
  return true;
}

function settle(batch: OutboxItem[], answer: Answer): void {
  const rejected = new Map(answer.rejected?.map((r) => [r.id, r]));
  for (const item of batch) {
    const rejection = rejected.get(item.event.id);
    if (isRetryable(answer.status)) {
      item.notBefore = Date.now() + (answer.retryAfter ? answer.retryAfter * 1e3 : backoff(item.attempts));
      item.attempts++;
      item.offline = !answer.status;
      putItem(item);
      sender.report(item, 'retry', answer);
    } else if (rejection && salvage(item.event, rejection)) {
      putItem(item);
      again = true;
    } else {
      dropItem(item.event.id);
      sender.report(item, rejection || answer.status > 299 ? 'failed' : 'sent', rejection ?? answer);
    }
  }
}

async function sendDue(): Promise<void> {
  const now = Date.now();
  const offlineToo = retryOffline;
  retryOffline = false;
  const due = (item: OutboxItem) => (item.notBefore <= now || (offlineToo && item.offline)) && sendable(item, now);
  for (const batch of byUrl(outboxItems().filter(due))) {
    settle(batch, await sender.transport(batch[0]!.url, batch.map((item) => item.event)));
  }
}

function schedule(): void {
  clearTimeout(timer);
  const now = Date.now();
  const waits = outboxItems().filter((item) => !sender.held.has(item.event.id)).map((item) => Math.max(item.notBefore, item.heldUntil ?? 0));
  if (sender.enabled && waits.length) timer = setTimeout(flush, Math.min(Math.max(0, Math.min(...waits) - now) + 20, 2 ** 31 - 1));
}

/**
 * Sends what is due, one page at a time across tabs (Web Locks where the browser has them; the ids make any overlap
 * harmless). `offlineToo`: the network is back (or a page starts), so ratings that failed only for want of it go now;
 * waits the server asked for (429, 503, Retry-After) still hold.
 */
export function flush(offlineToo = false): Promise<void> {
  retryOffline ||= offlineToo;
  if (!sender.enabled) return Promise.resolve();
  if (running) {
    again = true;
    return running;
  }
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  running = Promise.resolve(locks ? locks.request('feedloop-outbox', sendDue) : sendDue()).finally(() => {
    running = undefined;
    if (again) {
      again = false;
      void flush();
    } else schedule();
  });
  return running;
}

/**
 * The page is going away: hand everything to the browser, which sends it even after the page is gone.
 * The ratings stay in the outbox; the next page sends them again and the server recognises the ids.
 */
export function flushOnExit(): void {
  const now = Date.now();
  if (!sender.enabled) return;
  for (const batch of byUrl(outboxItems().filter((item) => sendable(item, now)))) {
    sender.beacon(batch[0]!.url, body(batch.map((item) => item.event)));
  }
}

export function stopSender(): void {
  clearTimeout(timer);
}

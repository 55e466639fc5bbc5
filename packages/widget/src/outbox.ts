import type { WireEvent } from '@feedloop/schema';
import { keys, read, remove, write } from './storage.js';

/** A rating waiting for the server's answer. */
export interface OutboxItem {
  /** The POST URL, key included, so a later page can send it without any configuration. */
  url: string;
  event: WireEvent;
  attempts: number;
  /** Not sent before this time (ms): backoff or Retry-After. */
  notBefore: number;
  /** The last try failed for want of a network: worth trying again at once when the browser is back online. */
  offline?: boolean;
  /** Set while the customer may still add a comment; other pages send it anyway once this passes. */
  heldUntil?: number;
}

export const OUTBOX_LIMIT = 50;
export const OUTBOX_MAX_AGE = 7 * 864e5;

const key = (id: string) => `o:${id}`;

export function putItem(item: OutboxItem): void {
  write(key(item.event.id), item);
  // Bounded: past the limit the oldest ratings give way.
  for (const old of keys('o:').slice(0, -OUTBOX_LIMIT)) remove(old);
}

export function dropItem(id: string): void {
  remove(key(id));
}

export function outboxItems(): OutboxItem[] {
  const now = Date.now();
  const items: OutboxItem[] = [];
  for (const k of keys('o:')) {
    const item = read<OutboxItem>(k);
    if (item?.event && now - Date.parse(item.event.createdAt) < OUTBOX_MAX_AGE) items.push(item);
    else remove(k);
  }
  return items;
}

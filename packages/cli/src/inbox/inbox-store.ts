import type { AlertRecord, EnrichedRecord } from '@feedloop/webhooks';

/** A rating (`record`) or an alert (`alert`) as it arrived. */
export type InboxItem = { record: EnrichedRecord; alert?: undefined } | { alert: AlertRecord; record?: undefined };

export type InboxEntry = InboxItem & {
  webhookId: string;
  receivedAt: string;
  /** How many times this webhook id arrived; more than 1 means the receiver saw repeats. */
  deliveries: number;
};

/** The last `limit` ratings and alerts received, newest first, with repeats counted instead of listed twice. */
export class InboxStore {
  private readonly entries: InboxEntry[] = [];
  private readonly listeners = new Set<(entry: InboxEntry) => void>();

  constructor(private readonly limit = 200) {}

  add(webhookId: string, item: InboxItem): InboxEntry {
    const existing = this.entries.find((entry) => entry.webhookId === webhookId);
    const entry: InboxEntry = existing ?? { webhookId, receivedAt: new Date().toISOString(), deliveries: 0, ...item };
    entry.deliveries += 1;
    if (!existing) {
      this.entries.unshift(entry);
      this.entries.length = Math.min(this.entries.length, this.limit);
    }
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  list(): readonly InboxEntry[] {
    return this.entries;
  }

  subscribe(listener: (entry: InboxEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

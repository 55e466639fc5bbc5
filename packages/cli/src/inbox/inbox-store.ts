import type { EnrichedRecord } from '@feedloop/webhooks';

export interface InboxEntry {
  webhookId: string;
  receivedAt: string;
  /** How many times this webhook id arrived; more than 1 means the receiver saw repeats. */
  deliveries: number;
  record: EnrichedRecord;
}

/** The last `limit` records received, newest first, with repeats counted instead of listed twice. */
export class InboxStore {
  private readonly entries: InboxEntry[] = [];
  private readonly listeners = new Set<(entry: InboxEntry) => void>();

  constructor(private readonly limit = 200) {}

  add(webhookId: string, record: EnrichedRecord): InboxEntry {
    const existing = this.entries.find((entry) => entry.webhookId === webhookId);
    const entry = existing ?? { webhookId, receivedAt: new Date().toISOString(), deliveries: 0, record };
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

import type { AlertRecord, EnrichedRecord } from '@feedloop/schema';
import type { Outcome } from './outcome.js';

/** One configured destination: sends a record and says what became of it. Never throws for a provider's answer. */
export interface Destination {
  readonly id: string;
  readonly type: string;
  send(record: EnrichedRecord): Promise<Outcome>;
  /**
   * For providers that take many records in one request: the outcome of each record, in order. The worker
   * hands it up to `maxBatch` waiting deliveries at once and settles each job by its own outcome.
   */
  sendBatch?(records: readonly EnrichedRecord[]): Promise<Outcome[]>;
  readonly maxBatch?: number;
  /**
   * For providers that take alerts (`alert.target_missed`, `alert.detractor`): slack, webhook, zendesk. The config
   * refuses alert types for a destination without it.
   */
  sendAlert?(alert: AlertRecord): Promise<Outcome>;
}

import type { EnrichedRecord } from '@feedloop/schema';
import type { Outcome } from './outcome.js';

/** One configured destination: sends a record and says what became of it. Never throws for a provider's answer. */
export interface Destination {
  readonly id: string;
  readonly type: string;
  send(record: EnrichedRecord): Promise<Outcome>;
}

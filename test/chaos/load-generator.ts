import { randomInt } from 'node:crypto';
import type { WireEvent } from '@feedloop/schema';
import { METRIC_NAMES, METRIC_SCALES } from '@feedloop/schema/metrics';
import { PUBLIC_KEY, SECRET_KEY } from '../helpers/config.js';
import { wireEvent } from '../helpers/events.js';
import { sleep } from '../helpers/fault-run.js';
import { postBatchUntilAccepted } from '../helpers/ingest-client.js';

/** What the generator believes: ratings it posted, and those the ingest answered 202 for. */
export interface LoadGenerator {
  sent: Map<string, WireEvent>;
  /** When the 202 came, per rating. */
  acceptedAt: Map<string, number>;
  /** Ratings of batches still refused (or unanswered) when their deadline passed, with the last error. */
  gaveUp: Map<string, string>;
  /**
   * Stops sending new batches; resolves once every batch sent has been accepted or given up. `abandon`: batches
   * still being refused are given up at their next retry (the run is failing anyway).
   */
  stop(abandon?: boolean): Promise<void>;
}

/** A rating of any metric and value, with a comment for a third and an identified customer for a fifth of them. */
function generatedRating(n: number): WireEvent {
  const metric = METRIC_NAMES[n % METRIC_NAMES.length]!;
  const { min, max } = METRIC_SCALES[metric];
  const comment = Math.random() < 1 / 3 ? { comment: `generated rating ${n}` } : {};
  const user = Math.random() < 1 / 5 ? { user: { id: `customer-${n}`, email: `customer-${n}@example.com` } } : {};
  return wireEvent({ touchpoint: 'chaos.generator', metric, value: randomInt(min, max + 1), ...comment, ...user });
}

/**
 * Posts batches on a clock, as a busy server-side sender would, each retried through network errors, 429s and 5xx
 * (after Retry-After or a backoff) until the ingest answers 202 or `deadlineMs` passes.
 */
export function startLoadGenerator(ingestUrl: string, options: { ratingsPerSecond: number; batchSize: number; deadlineMs: number }): LoadGenerator {
  const sent = new Map<string, WireEvent>();
  const acceptedAt = new Map<string, number>();
  const gaveUp = new Map<string, string>();
  const inFlight: Promise<void>[] = [];
  const abandoned = new AbortController();
  const everyMs = (1_000 * options.batchSize) / options.ratingsPerSecond;
  let sending = true;
  let n = 0;

  const clock = (async () => {
    for (let next = Date.now(); sending; next += everyMs) {
      const batch = Array.from({ length: options.batchSize }, () => generatedRating(n++));
      for (const event of batch) sent.set(event.id, event);
      inFlight.push(
        postBatchUntilAccepted(ingestUrl, batch, { publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, deadlineMs: options.deadlineMs, signal: abandoned.signal }).then(
          (outcome) => {
            const at = Date.now();
            if (outcome.accepted + outcome.duplicates !== batch.length) {
              for (const event of batch) gaveUp.set(event.id, `the 202 counted ${outcome.accepted} + ${outcome.duplicates} of ${batch.length}`);
            } else for (const event of batch) acceptedAt.set(event.id, at);
          },
          (error: Error) => {
            for (const event of batch) gaveUp.set(event.id, error.message);
          },
        ),
      );
      await sleep(Math.max(0, next + everyMs - Date.now()));
    }
  })();

  return {
    sent,
    acceptedAt,
    gaveUp,
    async stop(abandon = false) {
      sending = false;
      if (abandon) abandoned.abort();
      await clock;
      await Promise.all(inFlight);
    },
  };
}

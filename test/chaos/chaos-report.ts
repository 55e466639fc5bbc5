import { bucket } from '@feedloop/schema/metrics';
import type { EnrichedRecord, WireEvent } from '@feedloop/schema';
import { compileWhen } from '@feedloop/worker';
import { HOOK_ID } from '../helpers/fault-run.js';
import type { BrowserRaters } from './browser-raters.js';
import type { ChaosOptions } from './chaos-options.js';
import { ZENDESK_ID } from './chaos-config.js';
import type { ChaosSystem } from './chaos-system.js';
import type { StruckFault } from './fault-schedule.js';
import type { LoadGenerator } from './load-generator.js';

export interface DestinationTally {
  id: string;
  /** Accepted ratings its `when` routes to it. */
  expected: number;
  present: number;
  /** Expected and absent at the end of the drain: lost. */
  missing: string[];
  /** Requests that delivered a rating (the first or again), as the receiver saw them. */
  rawDeliveries: number;
  /** Deliveries beyond the first per rating: what the provider's dedupe (webhook-id, Idempotency-Key) absorbed. */
  repeats: number;
  /** Records stored twice for one rating despite dedupe (Zendesk tickets with one external_id). */
  duplicates: number;
  /** Jobs that ended in the failed set (dead letters). */
  failedJobs: number;
}

export interface FaultTally {
  name: string;
  what: string;
  /** Seconds into the run. */
  at: number;
  lastedMs: number;
  /** Worker kills: the jobs the killed workers held. */
  heldJobs: number | null;
  /** Intake faults: from the lift to the first rating the ingest accepted (its receivedAt). */
  acceptingAgainMs: number | null;
  /** Ratings accepted while it lasted (from STRUCK_MARGIN_MS before it) that were not yet everywhere at the lift. */
  waiting: number;
  /** From the lift until the last of those was at every destination; null if some never arrived. */
  recoveredMs: number | null;
}

export interface ChaosReport {
  ranAt: string;
  options: Omit<ChaosOptions, 'log'>;
  loadMs: number;
  drainMs: number;
  browsers: { pages: number; submitted: number; accepted: number; stillInOutbox: number; rejected: number; problems: string[] };
  generator: { sent: number; accepted: number; gaveUp: number };
  accepted: number;
  destinations: DestinationTally[];
  /** Accepted ratings missing at one destination or more. */
  lost: string[];
  /** From acceptance (receivedAt) to the last destination, over ratings present everywhere. */
  latencyMs: { p50: number; p99: number; max: number };
  faults: FaultTally[];
  invalidSignatures: number;
  unexpectedExits: string[];
  /** Why the run failed; empty when it passed. */
  failures: string[];
}

export interface ChaosOutcome {
  options: ChaosOptions;
  system: ChaosSystem;
  browsers: BrowserRaters;
  generator: LoadGenerator;
  faults: StruckFault[];
  startedAt: number;
  loadStoppedAt: number;
  endedAt: number;
  failedJobs: Record<string, number>;
}

/**
 * A fault is answerable for the ratings accepted while it lasted and for those in flight when it struck, taken as
 * accepted up to this long before (deliveries take ~100 ms here); older stragglers belong to earlier faults.
 */
export const STRUCK_MARGIN_MS = 2_000;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** The first arrival of each rating at the fake Zendesk: the request that it answered 201 (a new ticket or a cached one). */
function zendeskArrivals(system: ChaosSystem): { first: Map<string, number>; raw: number } {
  const first = new Map<string, number>();
  let raw = 0;
  for (const request of system.zendesk.requests) {
    if (request.method !== 'POST' || request.status !== 201) continue;
    raw += 1;
    const id = (JSON.parse(request.body) as { ticket: { external_id?: string } }).ticket.external_id;
    if (id && !first.has(id)) first.set(id, request.at);
  }
  return { first, raw };
}

export function buildChaosReport(outcome: ChaosOutcome): ChaosReport {
  const { system, browsers, generator, options } = outcome;
  const { log: _log, ...settings } = options;
  const events = new Map<string, WireEvent>([...generator.sent, ...browsers.submitted]);
  const acceptedIds = [...generator.acceptedAt.keys(), ...browsers.acceptedAt.keys()];

  // The enriched record the webhook got; a rating it never got is routed from its wire event.
  const recordOf = (id: string): EnrichedRecord => {
    const delivered = system.webhook.records.get(id);
    if (delivered) return delivered;
    const event = events.get(id)!;
    return { ...event, site: 'shop', bucket: bucket(event.metric, event.value), receivedAt: new Date(generator.acceptedAt.get(id) ?? browsers.acceptedAt.get(id) ?? 0).toISOString() } as unknown as EnrichedRecord;
  };
  const zendesk = zendeskArrivals(system);
  const arrivals: Record<string, Map<string, number>> = {
    [HOOK_ID]: new Map([...system.webhook.arrivals].map(([id, times]) => [id, times[0]!])),
    [ZENDESK_ID]: zendesk.first,
  };
  const routes = system.config.destinations.map((d) => ({ id: d.id, matches: compileWhen(d.when) }));
  const expectedAt = new Map(acceptedIds.map((id) => [id, routes.filter((r) => r.matches(recordOf(id))).map((r) => r.id)]));

  const destinations: DestinationTally[] = routes.map(({ id }) => {
    const expected = acceptedIds.filter((rating) => expectedAt.get(rating)!.includes(id));
    const present = arrivals[id]!;
    const ticketsPerRating = new Map<string, number>();
    if (id === ZENDESK_ID) for (const t of system.zendesk.tickets) ticketsPerRating.set(t.external_id ?? '', (ticketsPerRating.get(t.external_id ?? '') ?? 0) + 1);
    const rawDeliveries = id === ZENDESK_ID ? zendesk.raw : system.webhook.raw;
    return {
      id,
      expected: expected.length,
      present: expected.filter((rating) => present.has(rating)).length,
      missing: expected.filter((rating) => !present.has(rating)),
      rawDeliveries,
      repeats: rawDeliveries - present.size,
      duplicates: [...ticketsPerRating.values()].reduce((n, count) => n + count - 1, 0),
      failedJobs: outcome.failedJobs[id] ?? 0,
    };
  });
  const lost = [...new Set(destinations.flatMap((d) => d.missing))];

  // When each rating was accepted (the ingest's clock) and when it was at every destination it goes to.
  const acceptedAt = new Map(acceptedIds.map((id) => [id, Date.parse(recordOf(id).receivedAt)]));
  const everywhereAt = new Map(
    acceptedIds.map((id) => {
      const times = expectedAt.get(id)!.map((d) => arrivals[d]!.get(id));
      return [id, times.some((t) => t === undefined) ? undefined : Math.max(...(times as number[]))];
    }),
  );
  const latencies = acceptedIds.flatMap((id) => (everywhereAt.get(id) === undefined ? [] : [everywhereAt.get(id)! - acceptedAt.get(id)!])).sort((a, b) => a - b);
  const receipts = [...acceptedAt.values()].sort((a, b) => a - b);

  const faults: FaultTally[] = outcome.faults.map((fault) => {
    const waiting = acceptedIds.filter((id) => {
      const at = acceptedAt.get(id)!;
      return at >= fault.startedAt - STRUCK_MARGIN_MS && at < fault.liftedAt && !((everywhereAt.get(id) ?? Infinity) <= fault.liftedAt);
    });
    const done = waiting.map((id) => everywhereAt.get(id));
    const firstAfter = receipts.find((at) => at >= fault.liftedAt);
    return {
      name: fault.name,
      what: fault.what,
      at: Math.round((fault.startedAt - outcome.startedAt) / 100) / 10,
      lastedMs: fault.liftedAt - fault.startedAt,
      heldJobs: fault.heldJobs,
      acceptingAgainMs: fault.intake && firstAfter !== undefined ? firstAfter - fault.liftedAt : null,
      waiting: waiting.length,
      recoveredMs: done.some((t) => t === undefined) ? null : Math.max(0, ...(done as number[]).map((t) => t - fault.liftedAt)),
    };
  });

  const report: ChaosReport = {
    ranAt: new Date(outcome.startedAt).toISOString(),
    options: settings,
    loadMs: outcome.loadStoppedAt - outcome.startedAt,
    drainMs: outcome.endedAt - outcome.loadStoppedAt,
    browsers: {
      pages: options.pages,
      submitted: browsers.submitted.size,
      accepted: browsers.acceptedAt.size,
      stillInOutbox: browsers.pending,
      rejected: browsers.rejected.size,
      problems: browsers.problems,
    },
    generator: { sent: generator.sent.size, accepted: generator.acceptedAt.size, gaveUp: generator.gaveUp.size },
    accepted: acceptedIds.length,
    destinations,
    lost,
    latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? 0 },
    faults,
    invalidSignatures: system.webhook.invalid.length,
    unexpectedExits: system.unexpectedExits(),
    failures: [],
  };
  report.failures = failuresOf(report);
  return report;
}

/** Everything that makes a run fail: loss first, then anything that would make its figures meaningless. */
function failuresOf(report: ChaosReport): string[] {
  const failures: string[] = [];
  if (report.lost.length) failures.push(`${report.lost.length} accepted ratings lost (first: ${report.lost.slice(0, 3).join(', ')})`);
  for (const d of report.destinations) {
    if (d.failedJobs) failures.push(`${d.failedJobs} deliveries to ${d.id} ended failed`);
    if (d.duplicates) failures.push(`${d.duplicates} duplicate records at ${d.id}`);
  }
  const b = report.browsers;
  if (b.submitted !== b.accepted + b.rejected + b.stillInOutbox) {
    failures.push(`the browsers' tally does not add up: ${b.submitted} sent, ${b.accepted} accepted, ${b.rejected} rejected, ${b.stillInOutbox} waiting`);
  }
  if (report.browsers.stillInOutbox) failures.push(`${report.browsers.stillInOutbox} ratings still in the browsers' outboxes after the drain`);
  if (report.browsers.rejected) failures.push(`${report.browsers.rejected} browser ratings rejected by the ingest`);
  if (report.generator.gaveUp) failures.push(`${report.generator.gaveUp} generated ratings never accepted`);
  if (!report.browsers.accepted || !report.generator.accepted) failures.push('the browsers or the generator had no rating accepted: the run proves nothing');
  if (report.invalidSignatures) failures.push(`${report.invalidSignatures} webhook deliveries failed verification`);
  for (const exit of report.unexpectedExits) failures.push(`a process exited by itself: ${exit}`);
  return failures;
}

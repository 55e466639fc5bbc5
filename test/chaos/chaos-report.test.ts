import type { EnrichedRecord, WireEvent } from '@feedloop/schema';
import { parseConfig } from '@feedloop/runtime';
import { bucket } from '@feedloop/schema/metrics';
import { describe, expect, it } from 'vitest';
import { wireEvent } from '../helpers/events.js';
import type { BrowserRaters } from './browser-raters.js';
import { chaosConfig } from './chaos-config.js';
import { SHORT_RUN } from './chaos-options.js';
import { buildChaosReport } from './chaos-report.js';
import type { ChaosSystem } from './chaos-system.js';
import type { LoadGenerator } from './load-generator.js';
import { renderChaosReport } from './render-chaos-report.js';

/** The report's sums on a run made up by hand: what counts as lost, repeated, duplicated, and when a fault was over. */
const T = Date.parse('2026-12-01T10:00:00Z');
const { rawConfig, env } = chaosConfig({
  redisUrl: 'redis://127.0.0.1:1',
  port: 1,
  pageOrigin: 'http://127.0.0.1:2',
  webhookUrl: 'http://127.0.0.1:3/hook',
  webhookSecret: 'whsec_' + Buffer.alloc(32, 1).toString('base64'),
  zendeskUrl: 'http://127.0.0.1:4',
});
const config = parseConfig(rawConfig, env);

const happy = wireEvent({ metric: 'csat', value: 5 });
const detractor = wireEvent({ metric: 'nps', value: 2, comment: 'late again' });
const twiceTicketed = wireEvent({ metric: 'csat', value: 1, comment: 'broken' });
const fromBrowser = wireEvent({ metric: 'nps', value: 10, touchpoint: 'chaos.browser' });

const record = (event: WireEvent, receivedAt: number) => ({ ...event, site: 'shop', bucket: bucket(event.metric, event.value), receivedAt: new Date(receivedAt).toISOString() }) as unknown as EnrichedRecord;
const ticketRequest = (event: WireEvent, at: number, lookup?: 'hit') => ({ method: 'POST', path: '/api/v2/tickets', headers: {}, body: JSON.stringify({ ticket: { external_id: event.id } }), at, status: 201, lookup });

function madeUpRun() {
  const generator = {
    sent: new Map([happy, detractor, twiceTicketed].map((e) => [e.id, e])),
    acceptedAt: new Map([[happy.id, T], [detractor.id, T + 10], [twiceTicketed.id, T + 20]]),
    gaveUp: new Map(),
  } as unknown as LoadGenerator;
  const browsers = {
    submitted: new Map([[fromBrowser.id, fromBrowser]]),
    acceptedAt: new Map([[fromBrowser.id, T + 1_000]]),
    rejected: new Map(),
    pending: 0,
    problems: [],
  } as unknown as BrowserRaters;
  const system = {
    config,
    webhook: {
      // The browser's rating was delivered twice (a repeat the consumer deduped); the happy one arrived late.
      arrivals: new Map([
        [happy.id, [T + 5_000]],
        [detractor.id, [T + 100]],
        [twiceTicketed.id, [T + 100]],
        [fromBrowser.id, [T + 900, T + 950]],
      ]),
      records: new Map([
        [happy.id, record(happy, T)],
        [detractor.id, record(detractor, T + 10)],
        [twiceTicketed.id, record(twiceTicketed, T + 20)],
        [fromBrowser.id, record(fromBrowser, T + 800)],
      ]),
      raw: 5,
      invalid: [],
    },
    zendesk: {
      // No ticket for the detractor; two for the other follow-up, and one cached answer to a repeat.
      requests: [ticketRequest(twiceTicketed, T + 200), ticketRequest(twiceTicketed, T + 300, 'hit'), { ...ticketRequest(detractor, T + 50), status: 429 }],
      tickets: [{ external_id: twiceTicketed.id }, { external_id: twiceTicketed.id }],
    },
    unexpectedExits: () => [],
  } as unknown as ChaosSystem;
  return { generator, browsers, system };
}

describe('the chaos report', () => {
  const { generator, browsers, system } = madeUpRun();
  const report = buildChaosReport({
    options: { ...SHORT_RUN, log: () => {} },
    system,
    browsers,
    generator,
    faults: [
      { name: 'webhook 503', what: '', intake: false, startedAt: T + 1_500, liftedAt: T + 2_000, heldJobs: null },
      { name: 'Redis crash', what: '', intake: true, startedAt: T - 500, liftedAt: T + 500, heldJobs: null },
      { name: 'worker SIGKILL', what: '', intake: false, startedAt: T + 4_000, liftedAt: T + 4_500, heldJobs: 3 },
    ],
    startedAt: T - 1_000,
    loadStoppedAt: T + 6_000,
    endedAt: T + 7_000,
    failedJobs: { hook: 0, zendesk: 0 },
  });

  it('routes by each destination’s own `when`, and counts as lost what is missing where it is routed', () => {
    expect(report.accepted).toBe(4);
    expect(report.destinations).toEqual([
      { id: 'hook', expected: 4, present: 4, missing: [], rawDeliveries: 5, repeats: 1, duplicates: 0, failedJobs: 0 },
      { id: 'zendesk', expected: 2, present: 1, missing: [detractor.id], rawDeliveries: 2, repeats: 1, duplicates: 1, failedJobs: 0 },
    ]);
    expect(report.lost).toEqual([detractor.id]);
    expect(report.failures).toEqual([`1 accepted ratings lost (first: ${detractor.id})`, '1 duplicate records at zendesk']);
  });

  it('times each fault from its lift: to the last of its ratings everywhere, and to the first rating accepted', () => {
    const [outage, crash, kill] = report.faults;
    // Waiting at T+2000: the happy rating (at the webhook at T+5000) and the lost detractor: never recovered.
    expect(outage).toMatchObject({ at: 2.5, lastedMs: 500, acceptingAgainMs: null, waiting: 2, recoveredMs: null });
    // Waiting at T+500: the happy rating and the detractor (the twice-ticketed one was everywhere at T+200); the
    // first receipt after the lift is the browser's, at T+800.
    expect(crash).toMatchObject({ at: 0.5, lastedMs: 1_000, acceptingAgainMs: 300, waiting: 2, recoveredMs: null });
    // The happy rating, still on its way at T+4500, was accepted long before this fault struck: not its doing.
    expect(kill).toMatchObject({ heldJobs: 3, waiting: 0, recoveredMs: 0 });
    // Acceptance to the last destination: 100 (browser), 180 (twice-ticketed, Zendesk), 5,000 (happy, late webhook).
    expect(report.latencyMs).toEqual({ p50: 180, p99: 5_000, max: 5_000 });
  });

  it('renders every fault and destination, and says the run failed', () => {
    const markdown = renderChaosReport(report, 'npm run chaos');
    expect(markdown).toContain('**FAILED**: 1 accepted ratings lost');
    expect(markdown).toContain('**Lost: 1.**');
    expect(markdown).toMatch(/\| zendesk \| 2 \| 1 \| 1 \| 2 \| 1 \| 1 \| 0 \|/);
    expect(markdown).toMatch(/\| 0.5 s \| \*\*Redis crash\*\*: {2}\| 1000 ms \| – \| 300 ms \| 2 \| never \|/);
  });
});

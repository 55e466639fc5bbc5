import { describe, expect, it } from 'vitest';
import { SHORT_RUN } from './chaos/chaos-options.js';
import { FAULTS } from './chaos/fault-schedule.js';
import { renderChaosReport } from './chaos/render-chaos-report.js';
import { runChaos } from './chaos/run-chaos.js';

/**
 * Issue: "A shorter version of the same run is part of `npm test`." The run `npm run chaos` makes, with 40 s of
 * load instead of 300 (about a minute in all): browsers and a generator rating while every fault is struck once,
 * then every accepted rating must be at every destination it is routed to.
 */
describe('the chaos run, short', () => {
  it('loses no accepted rating through worker kills, ingest restarts, a Redis crash, destination outages and a 429 window', async () => {
    const report = await runChaos({ ...SHORT_RUN, log: (line) => console.info(`chaos ${line}`) });
    console.info(renderChaosReport(report, 'test/chaos.test.ts'));

    expect(report.failures).toEqual([]);
    expect(report.lost).toEqual([]);
    // Both kinds of client had ratings accepted, and both destinations were expected to get some.
    expect(report.browsers.accepted).toBeGreaterThan(0);
    expect(report.generator.accepted).toBeGreaterThan(0);
    expect(report.accepted).toBe(report.browsers.accepted + report.generator.accepted);
    for (const destination of report.destinations) {
      expect(destination.expected, destination.id).toBeGreaterThan(0);
      expect(destination.present, destination.id).toBe(destination.expected);
    }
    expect(report.destinations.map((d) => d.id)).toEqual(['hook', 'zendesk']);
    // Every fault was struck and recovered from; the intake came back after each intake fault.
    expect(report.faults.map((f) => f.name)).toEqual(FAULTS.map((f) => f.name));
    for (const fault of report.faults) {
      expect(fault.recoveredMs, fault.name).not.toBeNull();
      // A kill proves something only if the killed died holding jobs (the run waits for a worker that holds some).
      if (fault.name.includes('SIGKILL')) expect(fault.heldJobs, fault.name).toBeGreaterThan(0);
      if (FAULTS.find((f) => f.name === fault.name)!.intake) expect(fault.acceptingAgainMs, fault.name).not.toBeNull();
    }
  }, 300_000);
});

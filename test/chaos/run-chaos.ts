import { sleep } from '../helpers/fault-run.js';
import { startBrowserRaters, type BrowserRaters } from './browser-raters.js';
import { fitted, type ChaosOptions } from './chaos-options.js';
import { buildChaosReport, type ChaosOutcome, type ChaosReport } from './chaos-report.js';
import { startChaosSystem } from './chaos-system.js';
import { FAULTS, strikeFaults } from './fault-schedule.js';
import { startLoadGenerator, type LoadGenerator } from './load-generator.js';

/** A batch refused this long is given up (and the run fails): far beyond any fault of the schedule. */
const GENERATOR_DEADLINE_MS = 120_000;

/**
 * Starts the whole system, rates into it from browsers and a generator while striking every fault, stops sending,
 * waits until every accepted rating is at every destination (or the drain time is up) and says what happened.
 */
export async function runChaos(settings: ChaosOptions): Promise<ChaosReport> {
  const startedAt = Date.now();
  const clock = () => `[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)} s]`;
  const options: ChaosOptions = fitted({ ...settings, log: (line) => settings.log(`${clock()} ${line}`) }, FAULTS.length);
  const system = await startChaosSystem(options);
  let browsers: BrowserRaters | undefined;
  let generator: LoadGenerator | undefined;
  try {
    browsers = await startBrowserRaters(system.pages, system.ingestUrl, { pages: options.pages, everyMs: options.pageEveryMs });
    const loadStartedAt = Date.now();
    generator = startLoadGenerator(system.ingestUrl, { ratingsPerSecond: options.ratingsPerSecond, batchSize: options.batchSize, deadlineMs: GENERATOR_DEADLINE_MS });
    options.log(`sending: ${options.pages} browser pages and ${options.ratingsPerSecond} generated ratings/s for ${options.durationMs / 1000} s`);
    const outcome: ChaosOutcome = { options, system, browsers, generator, faults: [], startedAt: loadStartedAt, loadStoppedAt: 0, endedAt: 0, failedJobs: {} };

    const { acceptedAt: generated } = generator;
    const { acceptedAt: rated } = browsers;
    const progress = setInterval(() => {
      options.log(`accepted ${generated.size + rated.size} (browsers ${rated.size}); at the webhook ${system.webhook.distinct}, Zendesk tickets ${system.zendesk.tickets.length}`);
    }, 10_000);
    try {
      outcome.faults = await strikeFaults(system, options, loadStartedAt);
      await sleep(Math.max(0, loadStartedAt + options.durationMs - Date.now()));
      await Promise.all([browsers.stopRating(), generator.stop()]);
      outcome.loadStoppedAt = Date.now();
      options.log('load stopped; draining');
      await drain(outcome);
    } finally {
      clearInterval(progress);
    }
    // A repeat still on its way shows up in the counts now, not after them.
    await sleep(1_000);
    const report = buildChaosReport({ ...outcome, endedAt: Date.now(), failedJobs: await system.failedDeliveries() });
    options.log(`done: ${report.accepted} accepted, ${report.lost.length} lost`);
    return report;
  } finally {
    // After a failure too: nothing the run started may outlive it.
    await generator?.stop(true);
    await browsers?.close();
    await system.close();
  }
}

/** Until every accepted rating is everywhere it goes and no outbox holds a rating, a delivery is dead-lettered, or time is up. */
async function drain(outcome: ChaosOutcome): Promise<void> {
  const { browsers, system, options } = outcome;
  const until = Date.now() + options.drainMs;
  for (;;) {
    await browsers.look();
    const deadLetters = Object.values(await system.failedDeliveries()).some((n) => n > 0);
    const { lost } = buildChaosReport({ ...outcome, endedAt: Date.now() });
    if ((lost.length === 0 && browsers.pending === 0) || deadLetters || Date.now() > until) return;
    await sleep(500);
  }
}

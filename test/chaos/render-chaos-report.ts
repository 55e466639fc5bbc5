import { STRUCK_MARGIN_MS, type ChaosReport } from './chaos-report.js';

const ms = (value: number | null) => (value === null ? 'never' : value < 10_000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`);
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** The report as Markdown: docs/chaos-report.md after `npm run chaos`, and what the run prints. */
export function renderChaosReport(report: ChaosReport, command: string): string {
  const o = report.options;
  const verdict = report.failures.length ? `**FAILED**: ${report.failures.join('; ')}.` : `**Passed**: ${report.lost.length} ratings lost.`;
  const backoff = o.backoffMs === undefined ? 'the product default (15 s, ×4 per attempt, with jitter)' : `${o.backoffMs} ms (×4 per attempt, with jitter)`;
  return `# Chaos report

Written by \`${command}\` on ${report.ranAt}. ${verdict}

For ${ms(report.loadMs)}, ${o.pages} headless Chromium pages rated through the widget (one rating per page every
${ms(o.pageEveryMs)}, sent by the widget's outbox) and a generator posted ${o.ratingsPerSecond} ratings a second in
batches of ${o.batchSize}, while the faults below were struck, one at a time. Then the run stopped sending and gave
every accepted rating up to ${ms(o.drainMs)} to reach every destination it is routed to (it took ${ms(report.drainMs)}).
Everything ran on 127.0.0.1: a Redis of its own with the append-only file on (fsync on every write), one
\`feedloop ingest\`, two \`feedloop worker\` processes, a Standard Webhooks consumer that verifies signatures and dedupes
by \`webhook-id\`, and a fake Zendesk answering as its API documents (tickets for detractors with a comment, deduped by
\`Idempotency-Key\`). Delivery retries back off from ${backoff}.

## Ratings

| | sent | accepted | not accepted |
|---|---|---|---|
| browsers (widget outbox) | ${report.browsers.submitted} | ${report.browsers.accepted} | ${report.browsers.stillInOutbox} still in an outbox, ${report.browsers.rejected} rejected |
| load generator | ${report.generator.sent} | ${report.generator.accepted} | ${report.generator.gaveUp} given up |
| **all** | | **${report.accepted}** | |

**Lost: ${report.lost.length}.** Accepted to present at every destination: median ${ms(report.latencyMs.p50)},
p99 ${ms(report.latencyMs.p99)}, max ${ms(report.latencyMs.max)}.

## Destinations

${table(
  ['destination', 'expected', 'present', 'missing', 'deliveries received', 'repeats before dedupe', 'duplicates after dedupe', 'dead letters'],
  report.destinations.map((d) => [d.id, d.expected, d.present, d.missing.length, d.rawDeliveries, d.repeats, d.duplicates, d.failedJobs]),
)}

## Faults

A worker killed holding jobs leaves them locked until the lock expires (10 s) and the next stall check (every 5 s)
hands them to a live worker. "Waiting at the lift": ratings accepted while the fault lasted (or up to ${STRUCK_MARGIN_MS / 1000} s before it
struck: those in flight) that were not yet at every destination they go to when it was lifted (the process ready
again, the network back, the window over). "Recovered": from the lift until the last of them was. "Accepting again"
(intake faults): from the lift to the first rating the ingest accepted.

${table(
  ['at', 'fault', 'lasted', 'jobs the killed held', 'accepting again', 'waiting at the lift', 'recovered'],
  report.faults.map((f) => [
    `${f.at} s`,
    `**${f.name}**: ${f.what}`,
    ms(f.lastedMs),
    f.heldJobs ?? '–',
    f.acceptingAgainMs === null ? '–' : ms(f.acceptingAgainMs),
    f.waiting,
    ms(f.recoveredMs),
  ]),
)}
${report.browsers.problems.length ? `\n## Browser steps that failed (not ratings: a rating starts when the widget puts it in the outbox)\n\n${report.browsers.problems.slice(0, 20).map((p) => `- ${p}`).join('\n')}\n` : ''}${report.unexpectedExits.length ? `\n## Processes that exited by themselves\n\n${report.unexpectedExits.map((e) => `- ${e.split('\n')[0]}`).join('\n')}\n` : ''}`;
}

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL_RUN, SHORT_RUN, type ChaosOptions } from './chaos-options.js';
import { renderChaosReport } from './render-chaos-report.js';
import { runChaos } from './run-chaos.js';

/**
 * `npm run chaos [-- --short] [--seconds N] [--backoff-ms N] [--report FILE]`: runs the chaos run and prints its
 * report; writes it to FILE, and a default run (no --short, --seconds or --backoff-ms) to docs/chaos-report.md.
 * Exits 1 if any accepted rating was lost or anything else failed.
 */
const { values } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    'backoff-ms': { type: 'string' },
    report: { type: 'string' },
  },
});

const positive = (name: string, text: string | undefined) => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive whole number, not ${text}`);
  return value;
};
const seconds = positive('seconds', values.seconds);
const backoffMs = positive('backoff-ms', values['backoff-ms']);
const options: ChaosOptions = {
  ...(values.short ? SHORT_RUN : FULL_RUN),
  ...(seconds ? { durationMs: seconds * 1000 } : {}),
  ...(backoffMs ? { backoffMs } : {}),
  log: (line) => console.log(line),
};
const isDefaultRun = !values.short && !seconds && !backoffMs;
const reportFile = values.report ?? (isDefaultRun ? fileURLToPath(new URL('../../docs/chaos-report.md', import.meta.url)) : undefined);

const flags = process.argv.slice(2);
const report = await runChaos(options);
const markdown = renderChaosReport(report, flags.length ? `npm run chaos -- ${flags.join(' ')}` : 'npm run chaos');
console.log(`\n${markdown}`);
if (reportFile) {
  writeFileSync(reportFile, markdown);
  console.log(`written to ${reportFile}`);
}
// Everything the run started is stopped by now; a stray handle must not keep a failed run from saying so.
process.exit(report.failures.length ? 1 : 0);

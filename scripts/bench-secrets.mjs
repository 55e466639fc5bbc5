// Whether checking a secret takes the same time however much of a guess is right: the ingest's carriesSecretKey (site
// secret keys, for server-to-server POSTs and the insights API) and the worker's admin secretChecker (Bull Board).
// Each guess has the secret's length and is timed as the mean of a tight loop of calls, rounds interleaved in a
// shuffled order; the result is a ratio to the baseline guess measured in the same run, "wrong from the first
// character", with the spread (interquartile range) of the rounds. A constant-time check is ≈ 1.00 for "wrong only in
// the last character" and for "right".
// The control is a leaky checker of the same cost: it computes the same HMAC, then compares with an early-exit loop.
// Where the control does not stand out (its rounds overlap the baseline's), the bench cannot see a leak of that size,
// and the property rests on construction (hash, then timingSafeEqual) alone. A last table times carriesSecretKey with
// the same guess against a short and a long key: the key's length should not show either.
// Usage: npm run build && node scripts/bench-secrets.mjs [--json file]   BENCH_ROUNDS (15) · BENCH_LOOP_MS (40)
import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { carriesSecretKey } from '../packages/ingest/dist/carries-secret-key.js';
import { secretChecker } from '../packages/worker/dist/admin/secret-checker.js';
import { fail } from './bench-worker/fail.mjs';
import { intFromEnv } from './bench-worker/int-from-env.mjs';
import { median, percentile } from './bench-worker/stats.mjs';

const { values: flags } = parseArgs({ options: { json: { type: 'string' } } });
const ROUNDS = intFromEnv('BENCH_ROUNDS', 15);
const LOOP_MS = intFromEnv('BENCH_LOOP_MS', 40);
const LENGTHS = [32, 4096];

const CONTROL_KEY = randomBytes(32);
/** The control: as costly as carriesSecretKey (one HMAC of the guess), then a compare that stops at the first difference. */
function leakyEquals(given, secret) {
  createHmac('sha256', CONTROL_KEY).update(given).digest();
  if (given.length !== secret.length) return false;
  for (let i = 0; i < given.length; i++) if (given.charCodeAt(i) !== secret.charCodeAt(i)) return false;
  return true;
}

const CONTROL = 'leaky, same cost (control)';
const checkers = {
  [CONTROL]: (secret) => (given) => leakyEquals(given, secret),
  'ingest carriesSecretKey': (secret) => (given) => carriesSecretKey(`Bearer ${given}`, secret),
  'admin secretChecker': (secret) => {
    const check = secretChecker(secret);
    return (given) => check(`Bearer ${given}`);
  },
};

const secretOf = (length) => Array.from({ length }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
const withCharAt = (text, index) => text.slice(0, index) + (text[index] === 'Z' ? 'Y' : 'Z') + text.slice(index + 1);
const guessesFor = (secret) => ({ 'wrong first character': withCharAt(secret, 0), 'wrong last character': withCharAt(secret, secret.length - 1), right: secret });

let sink = 0;
/** Calls needed for a loop of about LOOP_MS, found once per case so that every round times the same work. */
function callsFor(call) {
  for (let calls = 1_000; ; calls *= 4) {
    const ms = (nsPerCall(call, calls) * calls) / 1e6;
    if (ms >= LOOP_MS / 4) return Math.max(1_000, Math.round((calls * LOOP_MS) / ms));
  }
}
function nsPerCall(call, calls) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink ^= call() ? 1 : 0;
  return Number(process.hrtime.bigint() - started) / calls;
}
function shuffled(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Median ns per call of each case over ROUNDS interleaved rounds; every case runs once per round, in a new order. */
function timeCases(cases) {
  const entries = Object.entries(cases).map(([name, call]) => {
    for (let i = 0; i < 3; i++) callsFor(call); // warm-up, so the optimiser has settled before anything is kept
    return { name, call, calls: callsFor(call), samples: [] };
  });
  for (let round = 0; round < ROUNDS; round++) for (const entry of shuffled(entries)) entry.samples.push(nsPerCall(entry.call, entry.calls));
  return Object.fromEntries(
    entries.map(({ name, samples }) => {
      const sorted = [...samples].sort((a, b) => a - b);
      const [q1, q3] = [percentile(sorted, 25), percentile(sorted, 75)];
      return [name, { median: median(sorted), q1, q3, iqr: q3 - q1 }];
    }),
  );
}
const shown = (t, base) => `${t.median.toFixed(0)} ±${(t.iqr / 2).toFixed(0)} ns (${(t.median / base).toFixed(2)}×)`;

const results = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`, rounds: ROUNDS, checks: [], keyLength: null };
console.log(`bench:secrets — ${results.machine}, ${ROUNDS} rounds of ~${LOOP_MS} ms per case\n`);
for (const length of LENGTHS) {
  const secret = secretOf(length);
  console.log(`secret of ${length} characters: ns per call, and ratio to "wrong first character"`);
  const rows = [];
  for (const [checkerName, make] of Object.entries(checkers)) {
    const check = make(secret);
    const guesses = guessesFor(secret);
    if (check(guesses['wrong first character']) || check(guesses['wrong last character']) || !check(guesses.right)) fail(`${checkerName} gives the wrong answer`);
    const times = timeCases(Object.fromEntries(Object.entries(guesses).map(([name, guess]) => [name, () => check(guess)])));
    const base = times['wrong first character'].median;
    // What the bench can see: a difference whose rounds do not overlap (the interquartile ranges are apart).
    const [first, last] = [times['wrong first character'], times['wrong last character']];
    const leakNs = last.median - first.median;
    const seen = last.q1 > first.q3 || last.q3 < first.q1;
    const row = { checker: checkerName, length, times, ratios: Object.fromEntries(Object.entries(times).map(([name, t]) => [name, t.median / base])), leakNs, seen };
    rows.push(row);
    results.checks.push(row);
  }
  console.table(
    Object.fromEntries(
      rows.map((row) => [
        row.checker,
        {
          ...Object.fromEntries(Object.entries(row.times).map(([name, t]) => [name, shown(t, row.times['wrong first character'].median)])),
          'last − first': `${row.leakNs.toFixed(0)} ns`,
          seen: row.seen ? 'yes' : 'no',
        },
      ]),
    ),
  );
}

// The same guess against a short and a long site key: the key is digested once, so its length should not show.
const shortKey = secretOf(32);
const longKey = secretOf(4096);
const guess = withCharAt(shortKey, 0);
const byKey = timeCases({ 'key of 32 characters': () => carriesSecretKey(`Bearer ${guess}`, shortKey), 'key of 4096 characters': () => carriesSecretKey(`Bearer ${guess}`, longKey) });
results.keyLength = { times: byKey, ratio: byKey['key of 4096 characters'].median / byKey['key of 32 characters'].median };
console.log('carriesSecretKey, the same 32-character guess against keys of two lengths:');
console.table(Object.fromEntries(Object.entries(byKey).map(([name, t]) => [name, { 'ns per call': shown(t, byKey['key of 32 characters'].median) }])));

const control = results.checks.find((row) => row.checker === CONTROL && row.length === 4096);
if (!control.seen) console.warn('warning: the control shows no leak on a 4096-character secret: this machine is too noisy for the ratios above to mean anything');
if (flags.json) writeFileSync(flags.json, `${JSON.stringify(results, null, 2)}\n`);
if (sink === 42) console.log(''); // keeps the loops' results alive

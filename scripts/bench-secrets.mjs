// Whether checking a secret takes the same time however much of a guess is right: the ingest's carriesSecretKey (site
// secret keys, for server-to-server POSTs and the insights API) and the worker's admin secretChecker (Bull Board).
// Each guess has the secret's length and is timed as the mean of a tight loop of calls, rounds interleaved in a
// shuffled order; the result is a ratio to the baseline guess measured in the same run, "wrong from the first
// character". A constant-time check is ≈ 1.00 for "wrong only in the last character" and for "right".
// The control is an early-exit character loop, what a leak looks like: it must come out far from 1.00 on a long secret,
// or the bench cannot see a leak and its other ratios mean nothing. A last table times carriesSecretKey with the same
// guess against a short and a long key: the key's length should not show either.
// Usage: npm run build && node scripts/bench-secrets.mjs [--json file]   BENCH_ROUNDS (15) · BENCH_LOOP_MS (40)
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { carriesSecretKey } from '../packages/ingest/dist/carries-secret-key.js';
import { secretChecker } from '../packages/worker/dist/admin/secret-checker.js';
import { fail } from './bench-worker/fail.mjs';
import { intFromEnv } from './bench-worker/int-from-env.mjs';
import { median } from './bench-worker/stats.mjs';

const { values: flags } = parseArgs({ options: { json: { type: 'string' } } });
const ROUNDS = intFromEnv('BENCH_ROUNDS', 15);
const LOOP_MS = intFromEnv('BENCH_LOOP_MS', 40);
const LENGTHS = [32, 4096];

/** The control: compares character by character and stops at the first difference. */
function earlyExitEquals(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

const checkers = {
  'early-exit loop (control)': (secret) => (given) => earlyExitEquals(given, secret),
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
  let calls = 1_000;
  for (;;) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) sink ^= call() ? 1 : 0;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (ms >= LOOP_MS / 4) return Math.max(1_000, Math.round((calls * LOOP_MS) / ms));
    calls *= 4;
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
  return Object.fromEntries(entries.map((entry) => [entry.name, median(entry.samples)]));
}

const results = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`, rounds: ROUNDS, checks: [], keyLength: [] };
console.log(`bench:secrets — ${results.machine}, ${ROUNDS} rounds of ~${LOOP_MS} ms per case\n`);
for (const length of LENGTHS) {
  const secret = secretOf(length);
  console.log(`secret of ${length} characters: ns per call, and ratio to "wrong first character"`);
  const rows = [];
  for (const [checkerName, make] of Object.entries(checkers)) {
    const check = make(secret);
    const guesses = guessesFor(secret);
    if (check(guesses['wrong first character']) || check(guesses['wrong last character']) || !check(guesses.right)) fail(`${checkerName} gives the wrong answer`);
    const ns = timeCases(Object.fromEntries(Object.entries(guesses).map(([name, guess]) => [name, () => check(guess)])));
    const base = ns['wrong first character'];
    const row = { checker: checkerName, length, ns, ratios: Object.fromEntries(Object.entries(ns).map(([name, value]) => [name, value / base])) };
    rows.push(row);
    results.checks.push(row);
  }
  console.table(
    Object.fromEntries(rows.map((row) => [row.checker, Object.fromEntries(Object.entries(row.ns).map(([name, value]) => [name, `${value.toFixed(0)} ns (${row.ratios[name].toFixed(2)}×)`]))])),
  );
}

// The same guess against a short and a long site key: the key is digested once, so its length should not show.
const shortKey = secretOf(32);
const longKey = secretOf(4096);
const guess = withCharAt(shortKey, 0);
const byKey = timeCases({ 'key of 32 characters': () => carriesSecretKey(`Bearer ${guess}`, shortKey), 'key of 4096 characters': () => carriesSecretKey(`Bearer ${guess}`, longKey) });
results.keyLength = { ns: byKey, ratio: byKey['key of 4096 characters'] / byKey['key of 32 characters'] };
console.log('carriesSecretKey, the same 32-character guess against keys of two lengths:');
console.table(Object.fromEntries(Object.entries(byKey).map(([name, value]) => [name, { 'ns per call': value.toFixed(0), ratio: (value / byKey['key of 32 characters']).toFixed(2) }])));

const control = results.checks.find((row) => row.checker.startsWith('early-exit') && row.length === 4096);
if (control.ratios['wrong last character'] < 2) console.warn('warning: the control shows no leak on a 4096-character secret; this machine is too noisy for the ratios above to mean anything');
if (flags.json) writeFileSync(flags.json, `${JSON.stringify(results, null, 2)}\n`);
if (sink === 42) console.log(''); // keeps the loops' results alive

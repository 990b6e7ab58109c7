#!/usr/bin/env node
// `npm run test:reliability [-- <ava args>]`
//
// Runs the reliability suite (test/reliability/*.test.ts, compiled to build/test/reliability/) the way `npm test`
// runs every test: through scripts/test.mjs, which compiles, starts DynamoDB Local, runs ava on these files and
// stops everything. Each test file writes its figures to build/reliability-figures/<file>.json; this script clears
// them first, sums them afterwards and prints them as its last line:
//
//   operations: N, faults injected: N, bad inputs tried: N, writes verified: N, lost: 0
//
// Exits with the tests' exit code; fails as well when an acknowledged write was lost, or when a test file of the
// suite reported no figures (unless ava arguments were given, which may select a subset).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const figuresDir = path.join(root, 'build', 'reliability-figures');
const suiteDir = path.join(root, 'build', 'test', 'reliability');
const SUITE = 'build/test/reliability/*.test.js';
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

rmSync(figuresDir, { recursive: true, force: true });

const extraArgs = process.argv.slice(2);
const child = spawn(process.execPath, [path.join(root, 'scripts', 'test.mjs'), SUITE, ...extraArgs], {
  cwd: root,
  stdio: 'inherit',
  // The full profile (test/reliability/support/profile.ts); plain `npm test` runs a lighter one.
  env: { ...process.env, RELIABILITY_FULL: process.env.RELIABILITY_FULL ?? '1' },
});
// A terminal's Ctrl-C reaches both processes; a signal sent to this one alone is passed on, and test.mjs stops
// DynamoDB Local and the tests as it does for `npm test`.
for (const signal of Object.keys(SIGNAL_EXIT)) {
  process.on(signal, () => child.kill(signal));
}
const exitCode = await new Promise((resolve) => {
  child.once('error', (error) => {
    console.error('[reliability]', error);
    resolve(1);
  });
  child.once('exit', (code, signal) => resolve(code ?? SIGNAL_EXIT[signal] ?? 1));
});

const KEYS = [
  'operations',
  'faultsInjected',
  'badInputs',
  'writesVerified',
  'lost',
  'failuresVerifiedAbsent',
  'unknownOutcomes',
  'unknownApplied',
  'isolationAttacks',
];
const total = Object.fromEntries(KEYS.map((key) => [key, 0]));
const reported = [];
if (existsSync(figuresDir)) {
  for (const name of readdirSync(figuresDir).sort()) {
    if (!name.endsWith('.json')) continue;
    try {
      const figures = JSON.parse(readFileSync(path.join(figuresDir, name), 'utf8'));
      for (const key of KEYS) total[key] += Number(figures[key] ?? 0);
      reported.push(name.slice(0, -'.json'.length));
    } catch (error) {
      console.error(`[reliability] unreadable figures ${name}: ${error.message}`);
    }
  }
}
const suiteFiles = existsSync(suiteDir)
  ? readdirSync(suiteDir)
      .filter((name) => name.endsWith('.test.js'))
      .map((name) => name.slice(0, -'.test.js'.length))
  : [];
const missing = suiteFiles.filter((name) => !reported.includes(name));

let code = exitCode;
if (missing.length > 0) {
  console.error(`[reliability] no figures from: ${missing.join(', ')}`);
  if (extraArgs.length === 0) code ||= 1;
}
if (total.lost > 0) {
  console.error(`[reliability] ${total.lost} acknowledged write(s) lost`);
  code ||= 1;
}
console.log(
  `\nreliability figures from ${reported.length} file(s): definite failures verified absent ${total.failuresVerifiedAbsent}, ` +
    `unknown outcomes ${total.unknownOutcomes} (found applied once: ${total.unknownApplied}, not applied: ${total.unknownOutcomes - total.unknownApplied}), ` +
    `isolation attacks tried and refused: ${total.isolationAttacks}`,
);
console.log(
  `operations: ${total.operations}, faults injected: ${total.faultsInjected}, bad inputs tried: ${total.badInputs}, ` +
    `writes verified: ${total.writesVerified}, lost: ${total.lost}`,
);
process.exit(code);

#!/usr/bin/env node
// `npm test [-- <ava args>]`
// `npm run test:unit [-- <ava args>]` (`--unit`): the unit layer only, build/test/unit/**/*.test.js, which runs
//    without DynamoDB Local: step 2 is skipped and DYNAMODB_ENDPOINT is removed from the tests' environment, so
//    a unit test that reaches for a database fails instead of finding one.
//
// 1. Compiles src, test, examples and bench into build/ (tsc -p tsconfig.json).
// 2. Starts ONE DynamoDB Local through the compiled fluent-dynamo/testing, unless DYNAMODB_ENDPOINT is set
//    (then it only waits until that endpoint answers and leaves it alone).
// 2b. With FLUENT_DYNAMO_SDK_NODE_MODULES=<dir> (see scripts/sdk-floor.mjs), links build/node_modules to <dir>: the
//    compiled library, tests and examples then load the AWS SDK packages found there (e.g. the lowest versions the
//    peer ranges accept) and everything else from ./node_modules. Without it, a leftover link is removed.
// 3. Runs ava with DYNAMODB_ENDPOINT set; extra arguments go to ava (`npm test -- build/test/foo.test.js`;
//    `test/foo.test.ts` is mapped to its compiled file).
// 4. Stops DynamoDB Local in every case (tests failed, tsc failed, SIGINT/SIGTERM).
// 5. Checks that no DynamoDBLocal process started during this run (by us or by a test) is left; kills any
//    such process and fails the run. Exits with ava's exit code otherwise.
//
// If tsc reports type errors but emitted JavaScript, the tests still run (so you see their results) and the
// run fails at the end.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath, pathToFileURL } from 'node:url';

const UNIT_FLAG = '--unit';
const UNIT_TESTS = 'build/test/unit/**/*.test.js';
const unitOnly = process.argv.includes(UNIT_FLAG);
const cliArgs = process.argv.slice(2).filter((arg) => arg !== UNIT_FLAG);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build');
const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const avaCli = path.join(root, 'node_modules', 'ava', 'entrypoints', 'cli.mjs');
const testingEntry = path.join(buildDir, 'src', 'testing', 'index.js');

// Every process started from here inherits this marker, DynamoDB Local java processes included:
// that is how step 5 recognizes "started by this run" without touching anybody else's.
const RUN_MARKER = 'FLUENT_DYNAMO_TEST_RUN';
const runId = randomUUID();
process.env[RUN_MARKER] = runId;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
/** @type {import('node:child_process').ChildProcess | undefined} */
let current;
/** @type {import('node:child_process').ChildProcess | undefined} */
let avaProcess;
/** @type {NodeJS.Signals | undefined} */
let signalled;
for (const signal of Object.keys(SIGNAL_EXIT)) {
  process.on(signal, () => {
    if (signalled) {
      // Second signal: give up waiting. The 'exit' hook of fluent-dynamo/testing kills the java process group.
      process.exit(SIGNAL_EXIT[signal]);
    }
    signalled = signal;
    console.error(`\n[test] ${signal}: stopping...`);
    // ava handles SIGINT (it stops its workers, whose fluent-dynamo/testing hooks stop their java processes);
    // other signals would kill it outright and orphan its workers.
    current?.kill(current === avaProcess ? 'SIGINT' : signal);
  });
}

class Interrupted extends Error {}
function checkSignal() {
  if (signalled) throw new Interrupted(signalled);
}

/**
 * Runs a command with inherited stdio (stdout passed through `onStdout` when given); resolves to its exit
 * code (128+n when killed by a signal).
 */
function run(command, args, env = process.env, onSpawn = () => {}, onStdout = undefined) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env,
      stdio: ['inherit', onStdout ? 'pipe' : 'inherit', 'inherit'],
    });
    current = child;
    onSpawn(child);
    // A decoder: a chunk may end inside a multi-byte character (✔ is three bytes).
    const decoder = new StringDecoder('utf8');
    child.stdout?.on('data', (chunk) => {
      process.stdout.write(chunk);
      onStdout?.(decoder.write(chunk));
    });
    child.once('error', (error) => {
      current = undefined;
      reject(error);
    });
    child.once('exit', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? (SIGNAL_EXIT[signal] ?? 1) : 1));
    });
  });
}

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** Deletes compiled test files whose source is gone, so ava does not run stale tests. */
function removeStaleTests() {
  for (const file of walk(path.join(buildDir, 'test'))) {
    if (!file.endsWith('.test.js')) continue;
    const base = path.join(root, path.relative(buildDir, file)).slice(0, -'.js'.length);
    if (['.ts', '.tsx', '.mts', '.js', '.mjs'].some((ext) => existsSync(base + ext))) continue;
    rmSync(file, { force: true });
    rmSync(`${file}.map`, { force: true });
  }
}

/** `test/foo.test.ts` -> `build/test/foo.test.js`; anything else unchanged. */
function avaArgs(args) {
  return args.map((arg) => {
    if (arg.startsWith('-') || !/\.(ts|mts|tsx)$/.test(arg)) return arg;
    const relative = path.relative(root, path.resolve(arg));
    if (relative.startsWith('..') || relative.startsWith(`build${path.sep}`)) return arg;
    return path.join('build', relative.replace(/\.(ts|tsx)$/, '.js').replace(/\.mts$/, '.mjs'));
  });
}

/** Pids of live DynamoDBLocal processes carrying this run's marker. */
function markedDynamoDbLocalProcesses() {
  const found = [];
  if (process.platform === 'linux') {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
        if (!cmdline.includes('DynamoDBLocal')) continue;
        const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
        if (environ.includes(`${RUN_MARKER}=${runId}`)) found.push(Number(name));
      } catch {
        // Gone meanwhile, or not ours to read.
      }
    }
  }
  // Elsewhere (macOS: `ps -E` would be needed) this check is skipped; stop() and the exit hooks still apply.
  return found;
}

async function leftoverDynamoDbLocal() {
  // A process SIGKILLed by an exiting ava worker may need a moment to disappear.
  const deadline = Date.now() + 3_000;
  let pids = markedDynamoDbLocalProcesses();
  while (pids.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    pids = markedDynamoDbLocalProcesses();
  }
  for (const pid of pids) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  return pids;
}

/** The tail of ava's output, and its ✔/✘ lines, for the one-line summary CI reads. */
let avaTail = '';
let partialLine = '';
const marks = { passed: 0, failed: 0 };
function countMarks(text) {
  const lines = (partialLine + text).split('\n');
  partialLine = lines.pop() ?? '';
  for (const line of lines) {
    if (/^\s*✔/.test(line)) marks.passed += 1;
    else if (/^\s*✘/.test(line)) marks.failed += 1;
  }
}
function summary() {
  const count = (re) => Number(re.exec(avaTail)?.[1] ?? 0);
  // ava prints no "N tests passed" line when some failed: count its ✔ lines then.
  const passed = Math.max(count(/(\d+) tests? passed/), marks.passed);
  const failed =
    count(/(\d+) tests? failed/) + count(/(\d+) unhandled rejections?/) + count(/(\d+) uncaught exceptions?/);
  const skipped = count(/(\d+) tests? skipped/);
  return `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

/** build/node_modules -> FLUENT_DYNAMO_SDK_NODE_MODULES, or no build/node_modules at all. */
function linkSdk() {
  const link = path.join(buildDir, 'node_modules');
  try {
    if (lstatSync(link).isSymbolicLink()) rmSync(link);
  } catch {
    // no link yet
  }
  const target = process.env.FLUENT_DYNAMO_SDK_NODE_MODULES;
  if (!target) return;
  symlinkSync(path.resolve(target), link, 'dir');
  const versions = [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/util-dynamodb',
    '@aws-sdk/client-sts',
    '@smithy/node-http-handler',
  ]
    .map((name) => {
      const file = path.join(link, name, 'package.json');
      return `${name}@${existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : '(not there: from ./node_modules)'}`;
    })
    .join(', ');
  console.log(`[test] SDK from ${target}: ${versions}`);
}

let exitCode = 0;
let typeErrors = false;
let dynamo;
try {
  console.log('[test] tsc -p tsconfig.json');
  const tscCode = await run(process.execPath, [tscBin, '-p', 'tsconfig.json']);
  checkSignal();
  if (tscCode !== 0) {
    typeErrors = true;
    if (!existsSync(testingEntry)) throw new Error(`tsc failed (exit ${tscCode}) and emitted no ${testingEntry}`);
    console.error(`[test] tsc reported errors (exit ${tscCode}); running the tests on the emitted JavaScript anyway.`);
  }
  removeStaleTests();
  linkSdk();

  let avaEnv;
  let files = avaArgs(cliArgs);
  if (unitOnly) {
    console.log('[test] unit layer only: no DynamoDB Local');
    avaEnv = { ...process.env };
    delete avaEnv.DYNAMODB_ENDPOINT;
    delete avaEnv.DYNAMODB_REGION;
    // Files named on the command line narrow the run; only options given: every unit test.
    if (!files.some((arg) => !arg.startsWith('-'))) files = [UNIT_TESTS, ...files];
  } else {
    const { startLocalDynamoDb } = await import(pathToFileURL(testingEntry).href);
    dynamo = await startLocalDynamoDb({ startTimeoutMs: 60_000 });
    checkSignal();
    console.log(
      dynamo.source === 'env'
        ? `[test] DynamoDB Local: ${dynamo.endpoint} (from DYNAMODB_ENDPOINT)`
        : `[test] DynamoDB Local: ${dynamo.endpoint} (${dynamo.source}${dynamo.pid ? `, pid ${dynamo.pid}` : ''})`,
    );
    avaEnv = { ...process.env, DYNAMODB_ENDPOINT: dynamo.endpoint, DYNAMODB_REGION: dynamo.region };
  }

  exitCode = await run(
    process.execPath,
    [avaCli, ...files],
    avaEnv,
    (child) => {
      avaProcess = child;
    },
    (text) => {
      avaTail = (avaTail + text).slice(-8192);
      countMarks(text);
    },
  );
  // ava's own closing lines, as one plain line: what CI reads.
  console.log(`\n${summary()}`);
} catch (error) {
  if (error instanceof Interrupted) {
    exitCode = SIGNAL_EXIT[error.message] ?? 1;
  } else {
    console.error('[test]', error instanceof Error ? (error.stack ?? error.message) : error);
    exitCode = 1;
  }
} finally {
  // The SDK link is for this run only: `node build/...` afterwards uses ./node_modules again.
  if (process.env.FLUENT_DYNAMO_SDK_NODE_MODULES) rmSync(path.join(buildDir, 'node_modules'), { force: true });
  try {
    await dynamo?.stop();
  } catch (error) {
    console.error('[test] stopping DynamoDB Local failed:', error);
    exitCode ||= 1;
  }
  const leftovers = await leftoverDynamoDbLocal();
  if (leftovers.length > 0) {
    const why = signalled ? `interrupted by ${signalled}` : 'a test did not stop() its instance';
    console.error(
      `[test] DynamoDBLocal process(es) ${leftovers.join(', ')} started during this run were still running (${why}); killed them.`,
    );
    exitCode ||= 1;
  }
  if (typeErrors) {
    console.error('[test] tsc reported type errors (see above): failing the run.');
    exitCode ||= 1;
  }
  if (signalled) exitCode = SIGNAL_EXIT[signalled] ?? 1;
}
process.exit(exitCode);

/**
 * Compile-time cost of the template checks: type-checks a file of 300 calls
 * with literal templates on a typed repository, and the same file with the
 * templates widened to `string` (checks off), several times each with
 * `tsc --noEmit --extendedDiagnostics`, and prints the median compile times
 * (and of the checking phase alone), instantiation counts and their ratio.
 * Budget: the compile time with checks within 1.25x of without.
 *
 *   node build/bench/compile-time/run.js [--runs=5]
 *
 * Both files import the library's source, as a user's project imports the
 * library: the check time is that of the whole program, which is what a
 * user waits for. Both projects are compiled once before the measured runs
 * (cold file cache), and the runs alternate which side goes first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkSource, TEMPLATE_COUNT } from './templates.js';

const BUDGET = 1.25;

function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the benchmark');
    dir = up;
  }
  return dir;
}

interface Measure {
  /** The whole compilation (reading, parsing, binding, checking): what a user waits for. */
  readonly totalSeconds: number;
  /** The checking phase alone, where the template types cost. */
  readonly checkSeconds: number;
  readonly instantiations: number;
}

function figure(output: string, label: string): number {
  const match = new RegExp(`^${label}:\\s+([0-9.]+)`, 'm').exec(output);
  if (!match) throw new Error(`tsc printed no "${label}":\n${output}`);
  return Number(match[1]);
}

function check(root: string, project: string): Measure {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  let output: string;
  try {
    output = execFileSync(process.execPath, [tsc, '-p', project, '--noEmit', '--extendedDiagnostics'], {
      encoding: 'utf8',
    });
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout ?? '';
    throw new Error(`the benchmark file does not type-check:\n${stdout.slice(0, 4000)}`);
  }
  return {
    totalSeconds: figure(output, 'Total time'),
    checkSeconds: figure(output, 'Check time'),
    instantiations: figure(output, 'Instantiations'),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function writeProject(dir: string, checked: boolean): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'templates.ts'), benchmarkSource(checked));
  const config = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', noEmit: true, declaration: false },
    files: ['templates.ts'],
  };
  const project = join(dir, 'tsconfig.json');
  writeFileSync(project, JSON.stringify(config, null, 2));
  return project;
}

function main(): void {
  const root = repositoryRoot();
  const runsArg = process.argv.find((a) => a.startsWith('--runs='));
  const runs = runsArg ? Number(runsArg.slice('--runs='.length)) : 5;
  // Two levels below the root, so the generated files import '../../src/index.js'.
  const checkedProject = writeProject(resolve(root, '.tmp', 'compile-time-checked'), true);
  const widenedProject = writeProject(resolve(root, '.tmp', 'compile-time-widened'), false);

  const checked: Measure[] = [];
  const widened: Measure[] = [];
  const loadAtStart = loadavg()[0];
  // Warm the file cache for both sides: each project has its own templates.ts,
  // so warming one left the other's first run cold.
  check(root, widenedProject);
  check(root, checkedProject);
  for (let i = 0; i < runs; i++) {
    // Interleaved, so that machine load affects both alike, and in alternating
    // order (widened first, then checked first), so that neither side is always
    // the one that runs right after the other.
    if (i % 2 === 0) {
      widened.push(check(root, widenedProject));
      checked.push(check(root, checkedProject));
    } else {
      checked.push(check(root, checkedProject));
      widened.push(check(root, widenedProject));
    }
  }
  const loadAtEnd = loadavg()[0];
  const on = median(checked.map((m) => m.totalSeconds));
  const off = median(widened.map((m) => m.totalSeconds));
  const checkOn = median(checked.map((m) => m.checkSeconds));
  const checkOff = median(widened.map((m) => m.checkSeconds));
  const ratio = on / off;
  const perTemplateMs = ((on - off) * 1000) / TEMPLATE_COUNT;
  console.log(
    `compile-time template checks: ${TEMPLATE_COUNT} literal templates, ${runs} runs each (load average ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end)`,
  );
  console.log(
    `  checks off (templates widened to string): median compile ${off.toFixed(3)} s (checking ${checkOff.toFixed(3)} s), instantiations ${widened[0].instantiations}`,
  );
  console.log(
    `  checks on  (literal templates):           median compile ${on.toFixed(3)} s (checking ${checkOn.toFixed(3)} s), instantiations ${checked[0].instantiations}`,
  );
  console.log(
    `  compile time ratio ${ratio.toFixed(2)}x (budget ${BUDGET}x), ${perTemplateMs.toFixed(2)} ms per template; checking phase alone ${(checkOn / checkOff).toFixed(2)}x`,
  );
  if (ratio > BUDGET) {
    console.log('  OVER BUDGET');
    process.exitCode = 1;
  }
}

main();

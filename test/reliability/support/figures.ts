import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestFn } from 'ava';

/**
 * The figures one reliability test file reports. scripts/reliability.mjs sums
 * the files of a run and prints them; every test file of the suite writes
 * one, whether its tests passed or not.
 */
export interface FigureCounts {
  /** Requests the application made (each execute(), clientFor(), ... counted once, failed ones included). */
  operations: number;
  /** Faults put in the way: proxy resets and delays, throttled answers, DynamoDB Local stops, refused STS calls. */
  faultsInjected: number;
  /** Generated bad inputs tried (each one checked to be refused with a named error before sending). */
  badInputs: number;
  /** Acknowledged writes found afterwards, exactly once, with their value. */
  writesVerified: number;
  /** Acknowledged writes not found afterwards (must be 0). */
  lost: number;
  /** Writes that definitely failed (a refused condition, a cancelled transaction, bad input) checked to be absent. */
  failuresVerifiedAbsent: number;
  /** Writes whose outcome the application could not know (a timeout, a reset connection). */
  unknownOutcomes: number;
  /** ... of which were found applied afterwards (each exactly once). */
  unknownApplied: number;
  /** Attempts to cross the tenant boundary (another tenant's key, index key, cursor, context, header ...), each refused. */
  isolationAttacks: number;
}

export const ZERO: FigureCounts = {
  operations: 0,
  faultsInjected: 0,
  badInputs: 0,
  writesVerified: 0,
  lost: 0,
  failuresVerifiedAbsent: 0,
  unknownOutcomes: 0,
  unknownApplied: 0,
  isolationAttacks: 0,
};

/** build/reliability-figures, next to build/test (this file is build/test/reliability/support/figures.js). */
export const FIGURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../reliability-figures');

export class Figures implements FigureCounts {
  operations = 0;
  faultsInjected = 0;
  badInputs = 0;
  writesVerified = 0;
  lost = 0;
  failuresVerifiedAbsent = 0;
  unknownOutcomes = 0;
  unknownApplied = 0;
  isolationAttacks = 0;

  constructor(readonly file: string) {}

  add(counts: Partial<FigureCounts>): void {
    for (const [key, value] of Object.entries(counts) as Array<[keyof FigureCounts, number | undefined]>) {
      this[key] += value ?? 0;
    }
  }

  counts(): FigureCounts {
    const out = { ...ZERO };
    for (const key of Object.keys(ZERO) as Array<keyof FigureCounts>) out[key] = this[key];
    return out;
  }

  write(): void {
    mkdirSync(FIGURES_DIR, { recursive: true });
    writeFileSync(
      path.join(FIGURES_DIR, `${this.file}.json`),
      `${JSON.stringify({ file: this.file, ...this.counts() }, null, 2)}\n`,
    );
  }
}

/**
 * The figures of one test file, written to build/reliability-figures/<file>.json after its last test
 * (`test.after.always`, so a failing file still reports what it saw).
 */
export function figuresFor(test: TestFn, file: string): Figures {
  const figures = new Figures(file);
  test.after.always('write the figures', () => figures.write());
  return figures;
}

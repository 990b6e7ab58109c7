import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One module a TypeScript source names: in an import or export clause, a side-effect import or an `import()`. */
export interface SourceImport {
  specifier: string;
  /** 1-based line of the statement, for messages. */
  line: number;
  /** `import type` / `export type`: gone at run time, but it still ties the two modules' code together. */
  typeOnly: boolean;
  /** An import or export clause (`... from 'x'`), a side-effect import (`import 'x'`) or an `import('x')`. */
  kind: 'clause' | 'side-effect' | 'dynamic';
}

// The clause grammar spelled out (default, `* as x`, `{ ... }`, and `default, { ... }` forms), so that a word
// `from` elsewhere in code is never taken for an import.
const CLAUSE = String.raw`(?:\w+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+\w+)?|\w+)`;
const STATIC = new RegExp(String.raw`^[ \t]*(import|export)\s+(type\s+)?${CLAUSE}\s+from\s*['"]([^'"]+)['"]`, 'gm');
const SIDE_EFFECT = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
// `import('x')`, also in types (`typeof import('x')`); not when the line is a comment.
const DYNAMIC = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const COMMENT_LINE = /^\s*(?:\*|\/\/|\/\*)/;

const lineOf = (code: string, index: number): number => code.slice(0, index).split('\n').length;

/** Every module `file` (a .ts source) names, type-only imports included. */
export function sourceImports(file: string): SourceImport[] {
  const code = readFileSync(file, 'utf8');
  const found: SourceImport[] = [];
  for (const m of code.matchAll(STATIC)) {
    found.push({
      specifier: m[3] as string,
      line: lineOf(code, m.index),
      typeOnly: m[2] !== undefined,
      kind: 'clause',
    });
  }
  for (const m of code.matchAll(SIDE_EFFECT)) {
    found.push({ specifier: m[1] as string, line: lineOf(code, m.index), typeOnly: false, kind: 'side-effect' });
  }
  for (const m of code.matchAll(DYNAMIC)) {
    const start = code.lastIndexOf('\n', m.index) + 1;
    if (COMMENT_LINE.test(code.slice(start, m.index))) continue;
    found.push({ specifier: m[1] as string, line: lineOf(code, m.index), typeOnly: false, kind: 'dynamic' });
  }
  return found;
}

/** Every .ts source under `dir` (declaration files excluded), as absolute paths. */
export function typeScriptSources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => path.join(dir, name))
    .sort();
}

/** The .ts source a relative `.js` specifier names, as tsc with nodenext resolves it. */
export function resolveSource(from: string, specifier: string): string {
  const target = path.resolve(path.dirname(from), specifier);
  return target.replace(/\.js$/, '.ts');
}

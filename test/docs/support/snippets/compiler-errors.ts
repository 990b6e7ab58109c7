// Reads the diagnostics of `tsc --pretty false` (`path(line,col): error TSnnnn: message`, continued on indented
// lines) and maps the ones in snippet modules back to the markdown line they came from.

import path from 'node:path';

export interface CompilerError {
  /** Where to look: `README.md:123:5` for a snippet, the file's path relative to the repository otherwise. */
  readonly location: string;
  readonly code: string;
  readonly message: string;
}

/** Where a generated snippet module came from: its first line is the line after `fenceLine` of `file`. */
export interface SnippetOrigin {
  readonly file: string;
  readonly fenceLine: number;
  /** Columns removed from every line (the fence's indentation). */
  readonly indent: number;
}

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

export function parseCompilerErrors(
  output: string,
  origins: ReadonlyMap<string, SnippetOrigin>,
  root: string,
): CompilerError[] {
  const errors: { location: string; code: string; message: string }[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = DIAGNOSTIC.exec(line);
    if (match) {
      const [, file, lineText, columnText, code, message] = match;
      errors.push({ location: locate(file, Number(lineText), Number(columnText), origins, root), code, message });
    } else if (/^\s+\S/.test(line) && errors.length > 0) {
      errors[errors.length - 1].message += `\n${line}`;
    } else if (line.trim() !== '') {
      // A diagnostic without a position (a tsconfig problem, say): kept, so that it is never lost.
      errors.push({ location: '(tsc)', code: '', message: line.trim() });
    }
  }
  return errors;
}

function locate(
  file: string,
  line: number,
  column: number,
  origins: ReadonlyMap<string, SnippetOrigin>,
  root: string,
): string {
  const absolute = path.resolve(root, file);
  const origin = origins.get(absolute);
  if (!origin) return `${path.relative(root, absolute)}:${line}:${column}`;
  return `${origin.file}:${origin.fenceLine + line}:${column + origin.indent}`;
}

export function formatCompilerError(error: CompilerError): string {
  return `${error.location}: ${error.code ? `${error.code}: ` : ''}${error.message}`;
}

// Finds the places where TypeScript source steps around the type checker: `as` casts (`as unknown` included),
// `<T>value` assertions, `!` non-null assertions on values, and `any`. Allowed: `as const`, `as` renames in
// import and export lists (`import * as x`, `{ a as b }`), and `!:` definite assignment on class fields (what
// decorated entity properties need under strict). Comments and the text of string literals are blanked first, so
// prose such as 'as soon as' or "any" inside a message is not a finding; `${...}` inside template literals is code
// and is scanned.

export interface TypeEscape {
  readonly line: number;
  readonly kind: 'as' | 'angle-assertion' | 'non-null' | 'any';
  readonly text: string;
}

/** The source with comments and string contents replaced by spaces (line breaks kept, so lines still match). */
export function codeOnly(source: string): string {
  let out = '';
  // A stack of open template literals: each entry counts the braces open inside its current `${ }`.
  const templates: number[] = [];
  let i = 0;
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    const inTemplateText = templates.length > 0 && templates[templates.length - 1] < 0;
    if (inTemplateText) {
      // Inside the text of a template literal (marked by a negative count).
      if (c === '\\') {
        out += '  ';
        i += 2;
      } else if (c === '`') {
        templates.pop();
        out += c;
        i++;
      } else if (c === '$' && next === '{') {
        templates[templates.length - 1] = 0;
        out += '${';
        i += 2;
      } else {
        out += c === '\n' ? '\n' : ' ';
        i++;
      }
      continue;
    }
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      out += blank(source.slice(i, stop));
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += blank(source.slice(i, stop));
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      out += `${c}${blank(source.slice(i + 1, j))}${c}`;
      i = j + 1;
    } else if (c === '`') {
      templates.push(-1);
      out += c;
      i++;
    } else if (templates.length > 0 && c === '{') {
      templates[templates.length - 1]++;
      out += c;
      i++;
    } else if (templates.length > 0 && c === '}') {
      if (templates[templates.length - 1] === 0) templates[templates.length - 1] = -1;
      else templates[templates.length - 1]--;
      out += c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Import and export lists (`import { a as b } from`, `import * as x from`, `export { a as b }`), blanked. */
function withoutModuleLists(code: string): string {
  return code.replace(/^\s*(import|export)\b[^;]*?(\bfrom\s*(['"])[^'"]*\3|})\s*;?/gm, (match) =>
    match.replace(/[^\n]/g, ' '),
  );
}

const PATTERNS: ReadonlyArray<{ kind: TypeEscape['kind']; pattern: RegExp }> = [
  // `x as T` except `as const`.
  { kind: 'as', pattern: /\bas\s+(?!const\b)[A-Za-z_{[(<'"]/g },
  // `<T>value` where an expression starts: after `=`, `(`, `,`, `:`, `return`, `=>`, `?`, `[`, `!`.
  {
    kind: 'angle-assertion',
    pattern: /(?:[=(,:?[!]|=>|\breturn)\s*<[A-Za-z_][\w.]*(?:<[^<>]*>)?(?:\[\])*>\s*[\w$(["'`{]/g,
  },
  // `value!` followed by `.`, `[`, `)`, `,`, `;`, or the end of the line: not `!=`, not `!:`.
  { kind: 'non-null', pattern: /[\w$)\]]!(?=[.[),;]|\s*$)/gm },
  { kind: 'any', pattern: /\bany\b/g },
];

export function typeEscapes(source: string): TypeEscape[] {
  const code = withoutModuleLists(codeOnly(source));
  const found: TypeEscape[] = [];
  for (const { kind, pattern } of PATTERNS) {
    for (const match of code.matchAll(pattern)) {
      const index = match.index ?? 0;
      const line = code.slice(0, index).split('\n').length;
      found.push({ line, kind, text: source.split('\n')[line - 1].trim() });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

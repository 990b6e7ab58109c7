// examples/first-app is what a new user writes after reading the guide: it must type-check without stepping
// around the checker. Every .ts file of it is scanned for casts (`as`, `as unknown`, `<T>x`), non-null assertions
// on values and `any` (see support/type-escapes.ts for what is allowed: `as const`, import/export renames, `!:` on
// entity fields).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { typeEscapes } from './support/type-escapes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const exampleDir = path.join(root, 'examples', 'first-app');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name))
    .sort();
}

test('examples/first-app has no cast, no non-null assertion and no any', (t) => {
  const files = tsFiles(exampleDir);
  t.true(files.length >= 8, `found ${files.length} files in ${exampleDir}`);
  const findings = files.flatMap((file) =>
    typeEscapes(readFileSync(file, 'utf8')).map((f) => `${path.relative(root, file)}:${f.line}: ${f.kind}: ${f.text}`),
  );
  t.deepEqual(findings, []);
  t.log(`${files.length} files scanned`);
});

test('the scan finds each kind of type escape', (t) => {
  const bad = [
    'const a = value as string;',
    'const b = value as unknown as Project;',
    'const c = <Project>value;',
    'const d = (x: any) => x;',
    'const e: any[] = [];',
    'const f = list<any>();',
    'const g = map.get(key)!.name;',
    'return found!;',
    'call(input!, 2);',
    `const h = \`$\{value as string}\`;`,
  ];
  for (const line of bad) t.true(typeEscapes(line).length > 0, `not found in: ${line}`);
  t.deepEqual(
    typeEscapes('const b = value as unknown as Project;').map((f) => f.kind),
    ['as', 'as'],
  );
});

test('the scan allows as const, import and export renames, definite assignment, and words in strings', (t) => {
  const good = [
    "import * as fs from 'node:fs';",
    "import { a as b, type C as D } from './x.js';",
    "import {\n  a as b,\n  c,\n} from './x.js';",
    "export { x as y } from './y.js';",
    'export { x as y };',
    "const roles = ['a', 'b'] as const;",
    '  @Attribute() tenantId!: string;',
    "const m = 'as soon as any task is done';",
    `const t = \`as $\{n} any\`;`,
    '// cast it as string, any time',
    'if (a !== b && !c) return;',
    'const x = a != b;',
    '/** anything as said */',
  ];
  for (const line of good) t.deepEqual(typeEscapes(line), [], line);
});

// The Node build (scripts/node-build/), on small modules written for each case: names stay as written when esbuild
// renames (two modules declare the same top-level name) or a class refers to itself, and a loader module of another
// shape than the one the build knows how to turn into a load on first use is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test from 'ava';

const scripts = fileURLToPath(new URL('../../../scripts/node-build/', import.meta.url));

interface NodeBundle {
  withoutRedundantNames(code: string): string;
}
interface OnFirstUse {
  loadedOnFirstUse(esm: string): { targets: string[] };
}

const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(scripts, file)).href)) as T;

/** A directory of the given files, removed after the test. */
function files(t: { teardown(fn: () => void): void }, contents: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluent-dynamo-node-build-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(contents)) writeFileSync(path.join(dir, name), text);
  return dir;
}

test('names stay as written: the bundle keeps class names and renamed functions, without the redundant calls', async (t) => {
  const { withoutRedundantNames } = await load<NodeBundle>('node-bundle.mjs');
  const { build } = await import('esbuild');
  const dir = files(t, {
    // Two modules declare Refusal and attemptsOf: esbuild renames the second of each.
    'a.js': 'export class Refusal extends Error {}\nexport function attemptsOf() { return 1; }\n',
    'b.js': [
      'export const LABEL = Symbol("b");',
      'class Refusal extends Error {}',
      'function attemptsOf() { return 2; }',
      // A class that refers to itself (esbuild writes `var Builder = class _Builder`), as the transaction builders do.
      'export class Builder { static make() { return new Builder(); } }',
      'export const made = [new Refusal(), attemptsOf];',
      '',
    ].join('\n'),
    'entry.js': "export { Refusal, attemptsOf } from './a.js';\nexport { made, Builder } from './b.js';\n",
  });
  const result = await build({
    entryPoints: [path.join(dir, 'entry.js')],
    bundle: true,
    format: 'esm',
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    write: false,
  });
  const code = result.outputFiles[0]?.text ?? '';
  const kept = withoutRedundantNames(code);
  t.true(kept.length < code.length, 'the redundant calls are gone');
  t.notRegex(kept, /__name\(attemptsOf,"attemptsOf"\)/);
  t.regex(kept, /var __name=\(target,value\)=>target\.name===value\?target:/, 'names only what is named otherwise');
  writeFileSync(path.join(dir, 'bundle.mjs'), kept);
  const bundle = (await import(pathToFileURL(path.join(dir, 'bundle.mjs')).href)) as {
    Refusal: { name: string };
    attemptsOf: { name: string };
    Builder: { name: string };
    made: [Error, { name: string }];
  };
  t.deepEqual(
    [
      bundle.Refusal.name,
      bundle.attemptsOf.name,
      bundle.Builder.name,
      bundle.made[0].constructor.name,
      bundle.made[1].name,
    ],
    ['Refusal', 'attemptsOf', 'Builder', 'Refusal', 'attemptsOf'],
  );
});

test('a loader module of the expected shape names its target; any other shape is refused', async (t) => {
  const { loadedOnFirstUse } = await load<OnFirstUse>('on-first-use.mjs');
  const good = files(t, {
    'compiler.on-first-use.js':
      "/** Why. */\nimport * as compiler from './compiler.js';\nexport const templateCompiler = () => compiler;\n",
    'compiler.js': 'export const compile = () => 1;\n',
  });
  t.deepEqual(loadedOnFirstUse(good).targets, [path.join(good, 'compiler.js')]);

  const shapes = [
    // Something else besides the hand-over runs in the root.
    "import * as compiler from './compiler.js';\nexport const templateCompiler = () => compiler;\nexport const other = 1;\n",
    // Named imports: the build could not hand over the module itself.
    "import { compile } from './compiler.js';\nexport const templateCompiler = () => compile;\n",
    // The export hands over something else.
    "import * as compiler from './compiler.js';\nconst x = 1;\nexport const templateCompiler = () => x;\n",
  ];
  for (const text of shapes) {
    const dir = files(t, { 'compiler.on-first-use.js': text, 'compiler.js': 'export const compile = () => 1;\n' });
    const error = t.throws(() => loadedOnFirstUse(dir));
    t.regex(error?.message ?? '', /a loader module is exactly/, text);
  }
});

// The refusals of the Node build (scripts/node-build/), on small modules written for each case: a class esbuild
// would rename (two modules declare the same top-level name), and a loader module of another shape than the one
// the build knows how to turn into a load on first use.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test from 'ava';

const scripts = fileURLToPath(new URL('../../../scripts/node-build/', import.meta.url));

interface NodeBundle {
  namesAsWritten(build: unknown, options: object): Promise<void>;
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

test('the build refuses a bundle in which esbuild renamed a class (its name would change), not a function', async (t) => {
  const { namesAsWritten } = await load<NodeBundle>('node-bundle.mjs');
  const { build } = await import('esbuild');
  const options = (dir: string) => ({
    entryPoints: [path.join(dir, 'entry.js')],
    bundle: true,
    format: 'esm',
    minifyWhitespace: true,
    minifySyntax: true,
  });
  const classes = files(t, {
    'a.js': 'export class Refusal extends Error {}\n',
    'b.js': 'class Refusal {}\nexport const made = () => new Refusal();\n',
    'entry.js': "export { Refusal } from './a.js';\nexport { made } from './b.js';\n",
  });
  const error = await t.throwsAsync(namesAsWritten(build, options(classes)));
  t.regex(
    error?.message ?? '',
    /two modules declare a top-level class Refusal: rename one \(the bundle would call it Refusal2\)/,
  );

  const functions = files(t, {
    'a.js': 'export function attemptsOf() { return 1; }\n',
    'b.js': 'function attemptsOf() { return 2; }\nexport const made = () => attemptsOf();\n',
    'entry.js': "export { attemptsOf } from './a.js';\nexport { made } from './b.js';\n",
  });
  await t.notThrowsAsync(namesAsWritten(build, options(functions)));
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

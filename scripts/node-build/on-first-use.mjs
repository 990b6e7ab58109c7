// esbuild plugin of the Node build (dist/node): modules that the root's file loads on first use.
//
// A source module named `<name>.on-first-use.ts` hands over one other module, imported as usual:
//
//   import * as compiler from './template-compiler.js';
//   export const templateCompiler = (): typeof compiler => compiler;
//
// In dist/esm, dist/cjs and the tests that is all it does. In dist/node/index.js it becomes
//
//   let loaded; export const templateCompiler = () => (loaded ??= nodeRequire('./expressions/template-compiler.js'));
//
// and the module it hands over is an entry point of its own, built like the subpaths (what it uses of the root's
// modules it takes from index.js, so module state still exists once). Node's require() of an ES module (Node
// 20.19+, 22.12+) loads it synchronously, on the first call; until then none of its code is parsed. That is the
// point: V8 pre-parses every function of a file it loads, about 40 µs per KB on our CI machines, so each 100 KB
// moved out of index.js is about 4 ms less of every cold start.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jsFiles } from './files.mjs';
import { NODE_REQUIRE } from './require-commonjs.mjs';

const LOADER = /\.on-first-use\.js$/;
const IMPORT = /^import \* as ([\w$]+) from '(\.[^']+)';$/m;
const EXPORT = /^export const ([\w$]+) = \(\) => ([\w$]+);$/m;

/** A loader module of tsc's output: the name it exports and the module it hands over (an absolute path). */
function parseLoader(file) {
  const text = readFileSync(file, 'utf8');
  const imported = IMPORT.exec(text);
  const exported = EXPORT.exec(text);
  const rest = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(IMPORT, '')
    .replace(EXPORT, '')
    .trim();
  if (!imported || !exported || exported[2] !== imported[1] || rest !== '') {
    throw new Error(
      `${file}: a loader module is exactly \`import * as m from './x.js';\` and \`export const name = (): typeof m => m;\``,
    );
  }
  return { name: exported[1], target: path.resolve(path.dirname(file), imported[2]) };
}

/** The loaders of tsc's ES output in `esm`, and the plugin that makes them load their module on first use. */
export function loadedOnFirstUse(esm) {
  const loaders = new Map(
    [...jsFiles(esm)].filter((file) => LOADER.test(file)).map((file) => [file, parseLoader(file)]),
  );
  const plugin = {
    name: 'loaded-on-first-use',
    setup(build) {
      build.onLoad({ filter: LOADER }, (args) => {
        const loader = loaders.get(args.path);
        if (!loader) return undefined;
        const relative = `./${path.relative(esm, loader.target).split(path.sep).join('/')}`;
        return {
          contents: [
            `import { nodeRequire } from '${NODE_REQUIRE}';`,
            'let loaded;',
            `export const ${loader.name} = () => (loaded ??= nodeRequire(${JSON.stringify(relative)}));`,
            '',
          ].join('\n'),
          loader: 'js',
        };
      });
    },
  };
  return { plugin, targets: [...loaders.values()].map((loader) => loader.target) };
}

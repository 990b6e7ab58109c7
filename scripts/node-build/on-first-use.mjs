// The Node build (dist/node): modules that the root's file loads on first use.
//
// A source module named `<name>.on-first-use.ts` hands over one other module, imported as usual:
//
//   import * as compiler from './template-compiler.js';
//   export const templateCompiler = (): typeof compiler => compiler;
//
// In dist/esm, dist/cjs and the tests that is all it does. In dist/node/index.js it becomes
//
//   let loaded;
//   export const templateCompiler = () =>
//     (loaded ??= nodeRequire('./expressions/template-compiler.cjs')(FluentDynamoError[Symbol.for(...)]));
//
// and the module it hands over is a CommonJS file of its own, whose code runs in a function of the root's modules:
// what it imports from them it gets as that argument (the object the subpaths take the root's internals from), so
// module state still exists once. A require() of CommonJS is synchronous on every Node we support, and costs
// 0.15-0.3 ms beyond the file's own code (a require() of an ES module would need Node 22.12+ on Node 22, and link
// with index.js). Until the first call none of its code is parsed. That is the point: V8 pre-parses every function
// of a file it loads, about 40 µs per KB on our CI machines, so each 100 KB moved out of index.js is about 4 ms less
// of every cold start.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jsFiles, resolveRootModules } from './files.mjs';
import { NODE_REQUIRE, requireCommonJs } from './require-commonjs.mjs';

const LOADER = /\.on-first-use\.js$/;
const IMPORT = /^import \* as ([\w$]+) from '(\.[^']+)';$/m;
const EXPORT = /^export const ([\w$]+) = \(\) => ([\w$]+);$/m;
/** The parameter of a module loaded on first use that holds the root's modules. */
const ROOT_ARGUMENT = '__fluentDynamoRoot';

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

/** Where a module loaded on first use is written, relative to dist/node: `x/y.js` → `./x/y.cjs`. */
const outputOf = (esm, target) => `./${path.relative(esm, target).split(path.sep).join('/').replace(/\.js$/, '.cjs')}`;

/**
 * The loaders of tsc's ES output in `esm`, and the modules they hand over (`targets`). `plugin(root)` turns each
 * loader into a load on first use, in the root's file: it calls the module's file with `root.expression`, which
 * evaluates to the root's modules' names once `root.imports` are in scope.
 */
export function loadedOnFirstUse(esm) {
  const loaders = new Map(
    [...jsFiles(esm)].filter((file) => LOADER.test(file)).map((file) => [file, parseLoader(file)]),
  );
  const targets = [...loaders.values()].map((loader) => loader.target);
  const plugin = (root) => ({
    name: 'loaded-on-first-use',
    setup(build) {
      build.onLoad({ filter: LOADER }, (args) => {
        const loader = loaders.get(args.path);
        if (!loader) return undefined;
        return {
          contents: [
            `import { nodeRequire } from '${NODE_REQUIRE}';`,
            ...root.imports,
            'let loaded;',
            `export const ${loader.name} = () =>`,
            `  (loaded ??= nodeRequire(${JSON.stringify(outputOf(esm, loader.target))})(${root.expression}));`,
            '',
          ].join('\n'),
          loader: 'js',
          resolveDir: path.dirname(args.path),
        };
      });
    },
  });
  return { plugin, targets };
}

/**
 * The esbuild options of the modules loaded on first use, from those of the subpaths (`options`): each one CommonJS
 * file (`.cjs`, since the package is "type": "module") whose `module.exports` is a function of the root's modules;
 * an import of a root module reads the names `namesOf(module)` lists from that argument. Their dependencies (the
 * SDK, Node's modules) are required as in the root's file: an import of CommonJS bundled as CommonJS would copy
 * every export of the package into a new object first (esbuild's `__toESM`), about 1 ms for the DynamoDB client.
 */
export function firstUseOptions(esm, options, rootGraph, targets, namesOf) {
  const rootArgument = {
    name: 'root-modules-from-argument',
    setup(build) {
      resolveRootModules(build, rootGraph, 'root-argument');
      build.onLoad({ filter: /.*/, namespace: 'root-argument' }, (args) => ({
        contents: namesOf(args.path)
          .map((name) => `export const ${name} = ${ROOT_ARGUMENT}.${name};\n`)
          .join(''),
        loader: 'js',
      }));
    },
  };
  return {
    ...options,
    plugins: [rootArgument, requireCommonJs(esm, 'cjs')],
    entryPoints: targets,
    format: 'cjs',
    splitting: false,
    outExtension: { '.js': '.cjs' },
    banner: { js: `module.exports = function (${ROOT_ARGUMENT}) {\n'use strict';\nvar module = { exports: {} };` },
    footer: { js: 'return module.exports;\n};' },
  };
}

// The Node build (dist/node), bundled by esbuild from tsc's ES modules (dist/esm), for the fastest cold start:
//
//   dist/node/index.js         the root entry point: every module it loads, in one file
//   dist/node/<subpath>.js     the other entry points (testing, streams, express, koa, nestjs, otel) and the chunks
//                              they share; what they use of the root's modules they take from index.js
//   dist/node/<module>.cjs     the modules index.js loads on first use (`*.on-first-use.ts`: the template compiler,
//                              the tenant provider's machinery, the IAM policy builders, the sending of batches),
//                              each a CommonJS function of the root's modules (see on-first-use.mjs)
//
// Why one file: Node loads an ES module graph file by file. ~150 small modules cost about 100 ms of a Lambda cold
// start; esbuild's code splitting still left ten files for the root (one per set of entry points sharing a module),
// and each file in front of the code costs about 5 ms more on Node 20 (measured: the same code through a one-line
// re-exporting file). Subpaths never bundle a copy of a root module: module state (the ambient client's
// AsyncLocalStorage, observers, brands) exists once. Public names they import from the root; internal ones
// (`safely`, `runInTenantContext`, ...) index.js hands over as a frozen object under a symbol property of
// FluentDynamoError, so the root's namespace stays the public API. The build fails if a subpath would bundle a root
// module, imports a name the root exports from another module, or takes a mutable (`let`) internal, and if a module
// of ours would be bundled into two files.
//
// Whitespace and syntax are minified, identifiers are not (stack traces read as written): a third less to parse.
// esbuild's keepNames keeps every class's and function's name as written (error names and brands are class names;
// a class that refers to itself, or that tsc decorated, would otherwise be named `_X` or `X_1`); what it costs where
// it changes nothing, withoutRedundantNames removes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jsFiles, resolveRootModules, staticImports } from './files.mjs';
import { firstUseOptions, loadedOnFirstUse } from './on-first-use.mjs';
import { requireCommonJs } from './require-commonjs.mjs';

const ROOT = '__FLUENT_DYNAMO_ROOT__';

function options(esm, target, firstUsePlugin) {
  return {
    bundle: true,
    format: 'esm',
    platform: 'node',
    target,
    // Dependencies (the SDK, reflect-metadata, peers) stay outside: one copy, the app's.
    packages: 'external',
    keepNames: true,
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [firstUsePlugin, requireCommonJs(esm)],
    logLevel: 'warning',
  };
}

const NAME_HELPER = 'var __name=(target,value)=>__defProp(target,"name",{value,configurable:!0});';
const CHECKED_NAME_HELPER =
  'var __name=(target,value)=>target.name===value?target:__defProp(target,"name",{value,configurable:!0});';

/**
 * `code` without the cost of keepNames where it changes nothing. The `__name(f,"f");` statements esbuild writes
 * after each function declaration go (a function declared as `f` is named "f" already), and its `__name` helper
 * defines a name only when it differs from the one the class or function has (by then a class expression
 * `X=class{...}` already has its name too). The ~600 `Object.defineProperty` calls cost about 2 ms of a cold
 * start. A rename (`__name(f2,"f")`, `class _X{static{__name(this,"X")}`) still names.
 */
export function withoutRedundantNames(code) {
  return code.replace(NAME_HELPER, CHECKED_NAME_HELPER).replace(/(?<=[;}])__name\(([A-Za-z_$][\w$]*),"\1"\);/g, '');
}

/** Writes the build's .js and .cjs files without the redundant `__name` statements (withoutRedundantNames). */
function dropRedundantNames(files) {
  for (const file of files) {
    if (!/\.c?js$/.test(file)) continue;
    writeFileSync(file, withoutRedundantNames(readFileSync(file, 'utf8')));
  }
}

/** `export { a, b as c } from './x.js'` statements of a tsc-written module: exported name → [module, local name]. */
function reexports(file) {
  const names = new Map();
  for (const { keyword, module, names: listed } of staticImports(file)) {
    if (keyword !== 'export' || !module || !listed) continue;
    for (const { name, as } of listed) names.set(as, [module, name]);
  }
  return names;
}

/** The module that declares `name`, following `export { ... } from` chains from `module`. */
function origin(module, name) {
  const next = reexports(module).get(name);
  return next ? origin(next[0], next[1]) : `${module}#${name}`;
}

/** What modules outside the root's graph import from modules inside it: name → module. */
function namesTakenFromRoot(esm, rootGraph, outside) {
  const taken = new Map();
  for (const file of outside) {
    for (const { module, effect, names } of staticImports(file)) {
      if (!module || !rootGraph.has(module) || effect) continue;
      if (!names) throw new Error(`${path.relative(esm, file)}: import the root's modules by name ({ ... })`);
      for (const { name } of names) {
        const known = taken.get(name);
        if (known && known !== module) throw new Error(`subpaths import ${name} from ${known} and from ${module}`);
        taken.set(name, module);
      }
    }
  }
  return taken;
}

/** Where the root's internals wait for the subpaths: a symbol property of a public class, not an export of the root. */
const INTERNALS = 'fluent-dynamo.build-internals';
const CARRIER = 'FluentDynamoError';

/** Builds dist/node from the ES modules in `esm` (tsc's output). */
export async function bundleNode({ esm, out, rootEntry, subpathEntries, target }) {
  const { build } = await import('esbuild');
  const publicNames = reexports(rootEntry);
  if (!publicNames.has(CARRIER)) throw new Error(`the root entry point no longer exports ${CARRIER}`);
  // A module loaded on first use gets the root's modules as the internals the subpaths take (see below).
  const onFirstUse = loadedOnFirstUse(esm);
  const base = options(
    esm,
    target,
    onFirstUse.plugin({
      imports: [`import { ${CARRIER} } from ${JSON.stringify(origin(rootEntry, CARRIER).split('#')[0])};`],
      expression: `${CARRIER}[Symbol.for('${INTERNALS}')]`,
    }),
  );
  // The root's module graph.
  const probe = await build({ ...base, entryPoints: [rootEntry], write: false, metafile: true });
  const rootGraph = new Set(
    Object.keys(probe.metafile.inputs)
      .filter((input) => !input.includes(':'))
      .map((input) => path.resolve(input)),
  );
  for (const target of onFirstUse.targets) {
    if (rootGraph.has(target))
      throw new Error(`${path.relative(esm, target)} is loaded on first use, but the root imports it`);
  }

  // What the subpaths and the modules loaded on first use take from the root's modules. The subpaths import public
  // names from the root and take the rest from INTERNALS; the modules loaded on first use take all from INTERNALS.
  const outside = [...jsFiles(esm)].filter((file) => !rootGraph.has(file));
  const taken = namesTakenFromRoot(esm, rootGraph, outside);
  for (const [name, module] of taken) {
    // Handed over once, as a value: a `let` that changes later would stay stale in the subpaths.
    if (new RegExp(`^export (let|var) ${name}\\b`, 'm').test(readFileSync(module, 'utf8'))) {
      throw new Error(`${name} (${module}) is a mutable export: the subpaths would keep its first value`);
    }
    if (publicNames.has(name) && origin(rootEntry, name) !== origin(module, name)) {
      throw new Error(`${name}: a subpath imports it from ${module}, the root exports another one`);
    }
  }

  // index.js: the root's modules in one file, which also hands the internals to the subpaths.
  const rootFile = path.join(out, 'index.js');
  const rootOptions = {
    ...base,
    stdin: {
      contents: [
        `export * from ${JSON.stringify(rootEntry)};`,
        `import { ${CARRIER} } from ${JSON.stringify(rootEntry)};`,
        ...[...taken]
          .filter(([name]) => name !== CARRIER)
          .map(([name, module]) => `import { ${name} } from ${JSON.stringify(module)};`),
        `Object.defineProperty(${CARRIER}, Symbol.for('${INTERNALS}'), {`,
        `  value: Object.freeze({ ${[...taken.keys()].join(', ')} }),`,
        '});',
        '',
      ].join('\n'),
      resolveDir: esm,
      sourcefile: 'node-root-entry.js',
      loader: 'js',
    },
    outfile: rootFile,
  };
  await build(rootOptions);
  dropRedundantNames([rootFile]);
  if (!readFileSync(rootFile, 'utf8').includes(CHECKED_NAME_HELPER)) {
    throw new Error(`esbuild's __name helper is no longer ${NAME_HELPER}: see withoutRedundantNames`);
  }

  /** The names taken from the root's module `module`. */
  const namesOf = (module) => [...taken].filter(([, from]) => from === module).map(([name]) => name);

  // The subpaths: a root module they import becomes a module that re-exports its names from index.js.
  const fromRoot = {
    name: 'root-modules-from-index',
    setup(b) {
      resolveRootModules(b, rootGraph, 'root-module');
      b.onResolve({ filter: new RegExp(`^${ROOT}$`) }, () => ({ path: ROOT, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'root-module' }, (args) => {
        const names = namesOf(args.path);
        const lines = [
          `import { ${CARRIER} } from '${ROOT}';`,
          `const internals = ${CARRIER}[Symbol.for('${INTERNALS}')];`,
        ];
        for (const name of names) {
          lines.push(
            publicNames.has(name) ? `export { ${name} } from '${ROOT}';` : `export const ${name} = internals.${name};`,
          );
        }
        return { contents: `${lines.join('\n')}\n`, loader: 'js', resolveDir: esm };
      });
    },
  };
  const subpathOptions = {
    ...base,
    plugins: [fromRoot, ...base.plugins],
    entryPoints: subpathEntries,
    outdir: out,
    outbase: esm,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
  };
  // The modules loaded on first use: each one CommonJS file of its own (on-first-use.mjs).
  const results = [];
  for (const options of [
    subpathOptions,
    firstUseOptions(esm, subpathOptions, rootGraph, onFirstUse.targets, namesOf),
  ]) {
    results.push(await build(options));
  }
  const bundledRootModules = results
    .flatMap((result) => Object.keys(result.metafile.inputs))
    .filter((input) => rootGraph.has(path.resolve(input)));
  if (bundledRootModules.length > 0)
    throw new Error(`subpaths or modules loaded on first use bundle the root's ${bundledRootModules.join(', ')}`);
  bundledOnce(results);
  const outputs = results
    .flatMap((result) => Object.keys(result.metafile.outputs))
    .map((output) => path.resolve(output));
  for (const file of outputs) {
    if (!file.endsWith('.js')) continue;
    let relative = path.relative(path.dirname(file), rootFile).split(path.sep).join('/');
    if (!relative.startsWith('.')) relative = `./${relative}`;
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll(JSON.stringify(ROOT), JSON.stringify(relative)));
  }
  dropRedundantNames(outputs);
}

/**
 * Fails when a module of ours is bundled into two output files (a module loaded on first use and a subpath, or two
 * modules loaded on first use): its state would exist twice. Such a module belongs in the root's graph, or in one
 * of them only.
 */
function bundledOnce(results) {
  const owner = new Map();
  for (const result of results) {
    for (const [output, { inputs }] of Object.entries(result.metafile.outputs)) {
      for (const input of Object.keys(inputs)) {
        if (input.includes(':')) continue; // the plugins' virtual modules: re-exports of the root, requires
        const known = owner.get(input);
        if (known !== undefined && known !== output) throw new Error(`${input} is bundled into ${known} and ${output}`);
        owner.set(input, output);
      }
    }
  }
}

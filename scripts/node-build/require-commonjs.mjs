// esbuild plugin of the Node build (dist/node): static imports of the CommonJS dependencies become `require`.
//
// The dependencies the root entry point loads are CommonJS: the AWS SDK and Smithy packages (their "main" is
// dist-cjs; they have no "exports" for `import`) and reflect-metadata. An ES `import` of a CommonJS package makes Node
// scan its source for export names, about 14 ms of a cold start for these three, against under 2 ms for `require`
// of the same files, most of which the SDK has required already. It is the same module either way: Node caches a
// CommonJS file once for `import` and `require` (a packaging test checks that both resolve to one file, with the
// lowest SDK the peer ranges accept). Bundlers do not follow `createRequire`, so they get dist/esm, whose imports
// are plain (the "module" condition of package.json "exports").
//
// Node's built-in modules (`node:crypto`, ...) are required too: an ES import of one makes Node build a module
// record of all its exports, 0.3-0.5 ms each on Node 24 for the five the root uses, against nothing for `require`.
// `require` itself comes from process.getBuiltinModule('node:module'), without importing node:module.
//
// Optional peers loaded with `import()` (client-sts, client-dynamodb-streams) and the ES-module OpenTelemetry API
// stay imports.
import { createRequire } from 'node:module';
import path from 'node:path';
import { jsFiles, staticImports } from './files.mjs';

export const REQUIRED_COMMONJS = new Set([
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/util-dynamodb',
  '@smithy/node-http-handler',
  'reflect-metadata',
]);

// Required on the first call of one of the functions imported from it, not with the root: util-dynamodb
// (convertToAttr, for template values) costs 0.6-0.8 ms to load, and a get, put or delete never calls it.
const REQUIRED_ON_FIRST_CALL = new Set(['@aws-sdk/util-dynamodb']);

export const NODE_REQUIRE = 'fluent-dynamo:node-require';

const required = (specifier) => REQUIRED_COMMONJS.has(specifier) || specifier.startsWith('node:');

/** For each required module, the names tsc's ES output imports from it (`import { A, B } from 'pkg';`). */
function importedNames(esm) {
  const names = new Map();
  for (const file of jsFiles(esm)) {
    for (const statement of staticImports(file)) {
      const { specifier } = statement;
      // `import 'reflect-metadata'`: loaded for its effect, nothing to name.
      if (!required(specifier) || statement.effect) continue;
      const where = path.relative(esm, file);
      if (statement.keyword !== 'import' || !statement.names) {
        throw new Error(`${where}: only \`import { ... } from '${specifier}'\` can be bundled as a require`);
      }
      if (!names.has(specifier)) names.set(specifier, new Set());
      for (const { name } of statement.names) {
        if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`${where}: \`${name}\` from '${specifier}' is no name`);
        names.get(specifier).add(name);
      }
    }
  }
  return names;
}

/**
 * The plugin, for the ES modules tsc wrote into `esm`, bundled as `format`: in an ES module `require` comes from
 * createRequire, in CommonJS (the modules loaded on first use) it is the file's own.
 */
export function requireCommonJs(esm, format = 'esm') {
  const names = importedNames(esm);
  return {
    name: 'require-commonjs-dependencies',
    setup(build) {
      build.onResolve({ filter: /^[@a-z]/ }, (args) => {
        if (args.path === NODE_REQUIRE) return { path: args.path, namespace: 'required' };
        if (args.kind !== 'import-statement' || !required(args.path)) return undefined;
        return { path: args.path, namespace: 'required' };
      });
      build.onLoad({ filter: /.*/, namespace: 'required' }, (args) => {
        if (args.path === NODE_REQUIRE) {
          return {
            contents:
              format === 'cjs'
                ? 'export const nodeRequire = require;\n'
                : `export const nodeRequire = process.getBuiltinModule('node:module').createRequire(import.meta.url);\n`,
            loader: 'js',
          };
        }
        const imported = [...(names.get(args.path) ?? [])].sort();
        if (REQUIRED_ON_FIRST_CALL.has(args.path)) {
          const dependency = createRequire(path.join(esm, 'index.js'))(args.path);
          const notFunctions = imported.filter((name) => typeof dependency[name] !== 'function');
          if (notFunctions.length > 0) {
            throw new Error(`${args.path} is required on first call, but ${notFunctions.join(', ')} are no functions`);
          }
          return {
            contents: [
              `import { nodeRequire } from '${NODE_REQUIRE}';`,
              'let dependency;',
              ...imported.map(
                (name) =>
                  `export function ${name}(...args) { return (dependency ??= nodeRequire(${JSON.stringify(args.path)})).${name}(...args); }`,
              ),
              '',
            ].join('\n'),
            loader: 'js',
          };
        }
        const exported = imported.map((name) => `export const ${name} = dependency.${name};`);
        return {
          contents: [
            `import { nodeRequire } from '${NODE_REQUIRE}';`,
            `const dependency = nodeRequire(${JSON.stringify(args.path)});`,
            ...exported,
            '',
          ].join('\n'),
          loader: 'js',
        };
      });
    },
  };
}

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
// Optional peers loaded with `import()` (client-sts, client-dynamodb-streams) and the ES-module OpenTelemetry API
// stay imports.
import path from 'node:path';
import { jsFiles, staticImports } from './files.mjs';

export const REQUIRED_COMMONJS = new Set([
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/util-dynamodb',
  '@smithy/node-http-handler',
  'reflect-metadata',
]);

const NODE_REQUIRE = 'fluent-dynamo:node-require';

/** For each of REQUIRED_COMMONJS, the names tsc's ES output imports from it (`import { A, B } from 'pkg';`). */
function importedNames(esm) {
  const names = new Map([...REQUIRED_COMMONJS].map((name) => [name, new Set()]));
  for (const file of jsFiles(esm)) {
    for (const statement of staticImports(file)) {
      const { specifier } = statement;
      // `import 'reflect-metadata'`: loaded for its effect, nothing to name.
      if (!REQUIRED_COMMONJS.has(specifier) || statement.effect) continue;
      const where = path.relative(esm, file);
      if (statement.keyword !== 'import' || !statement.names) {
        throw new Error(`${where}: only \`import { ... } from '${specifier}'\` can be bundled as a require`);
      }
      for (const { name, as } of statement.names) {
        if (as !== name || !/^[A-Za-z_$][\w$]*$/.test(name)) {
          throw new Error(`${where}: \`${name}\` from '${specifier}': import it without renaming`);
        }
        names.get(specifier).add(name);
      }
    }
  }
  return names;
}

/** The plugin, for the ES modules tsc wrote into `esm`. */
export function requireCommonJs(esm) {
  const names = importedNames(esm);
  return {
    name: 'require-commonjs-dependencies',
    setup(build) {
      build.onResolve({ filter: /^[@a-z]/ }, (args) => {
        if (args.path === NODE_REQUIRE) return { path: args.path, namespace: 'required' };
        if (args.kind !== 'import-statement' || !REQUIRED_COMMONJS.has(args.path)) return undefined;
        return { path: args.path, namespace: 'required' };
      });
      build.onLoad({ filter: /.*/, namespace: 'required' }, (args) => {
        if (args.path === NODE_REQUIRE) {
          return {
            contents: `import { createRequire } from 'node:module';\nexport const nodeRequire = createRequire(import.meta.url);\n`,
            loader: 'js',
          };
        }
        const exported = [...names.get(args.path)].sort().map((name) => `export const ${name} = dependency.${name};`);
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

// The compiler options snippets are checked with: those an application using fluent-dynamo has (strict,
// decorators with their metadata, ESM on Node), with the package's entry points resolved to the declarations
// the package build emits from this repository's sources (so `@internal` members are not there).

import path from 'node:path';

/** Every entry point the package exports, and its source (relative to the repository). */
const ENTRY_POINTS: Readonly<Record<string, string>> = {
  'fluent-dynamo': 'src/index.ts',
  'fluent-dynamo/testing': 'src/testing/index.ts',
  'fluent-dynamo/streams': 'src/streams/index.ts',
  'fluent-dynamo/express': 'src/middleware/express/index.ts',
  'fluent-dynamo/koa': 'src/middleware/koa/index.ts',
  'fluent-dynamo/nestjs': 'src/nestjs/index.ts',
  'fluent-dynamo/otel': 'src/otel/index.ts',
};

/** `declarations`: where tsconfig.esm.json's declarations were emitted (src/x.ts is declarations/x.d.ts). */
export function snippetTsconfig(root: string, declarations: string, files: readonly string[]): object {
  const declarationOf = (source: string) =>
    path.join(declarations, path.relative(path.join(root, 'src'), path.join(root, source)).replace(/\.ts$/, '.d.ts'));
  const paths = Object.fromEntries(
    Object.entries(ENTRY_POINTS).map(([specifier, source]) => [specifier, [declarationOf(source)]]),
  );
  return {
    compilerOptions: {
      target: 'es2022',
      lib: ['es2023'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      // Every snippet is a module of its own (top-level await, names of its own), imports or not.
      moduleDetection: 'force',
      types: ['node'],
      strict: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: true,
      skipLibCheck: true,
      noEmit: true,
      paths,
    },
    files,
  };
}

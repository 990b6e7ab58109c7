// The compiler options snippets are checked with: those an application using fluent-dynamo has (strict,
// decorators with their metadata, ESM on Node), with the package's entry points resolved to this repository's
// sources, as tsconfig.json resolves `fluent-dynamo` for the tests and examples.

import path from 'node:path';

/** Every entry point the package exports, and its source. */
const ENTRY_POINTS: Readonly<Record<string, string>> = {
  'fluent-dynamo': 'src/index.ts',
  'fluent-dynamo/testing': 'src/testing/index.ts',
  'fluent-dynamo/streams': 'src/streams/index.ts',
  'fluent-dynamo/express': 'src/middleware/express/index.ts',
  'fluent-dynamo/koa': 'src/middleware/koa/index.ts',
  'fluent-dynamo/nestjs': 'src/nestjs/index.ts',
  'fluent-dynamo/otel': 'src/otel/index.ts',
};

export function snippetTsconfig(root: string, files: readonly string[]): object {
  const paths = Object.fromEntries(
    Object.entries(ENTRY_POINTS).map(([specifier, source]) => [specifier, [path.join(root, source)]]),
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

// `node build/test/docs/support/snippets/cli.js`: type-checks the TypeScript blocks of README.md and docs/**/*.md
// (after `tsc -p tsconfig.json`), prints each error at its markdown line and the counts; exits 1 on any error.

import path from 'node:path';
import { checkSnippets, repositoryMarkdown } from './check-snippets.js';
import { formatCompilerError } from './compiler-errors.js';
import { repositoryRoot } from './repository-root.js';

const root = repositoryRoot();
const started = Date.now();
const result = await checkSnippets({
  root,
  sources: repositoryMarkdown(root),
  outDir: path.join(root, 'build', 'snippets'),
});
for (const error of result.errors) console.log(formatCompilerError(error));
console.log(
  `snippets: ${result.checked} checked, ${result.skipped} skipped (fragments), ${result.errors.length} errors ` +
    `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exitCode = result.errors.length === 0 ? 0 : 1;

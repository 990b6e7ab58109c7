// Every TypeScript block of README.md and docs/**/*.md compiles against the library as it is now (strict, with
// decorators), so that an API change cannot silently leave the documentation wrong. Blocks marked
// `<!-- snippet: fragment -->` are skipped; the names the examples assume are in scripts/snippet-prelude/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { checkSnippets, repositoryMarkdown } from './support/snippets/check-snippets.js';
import { classSource } from './support/snippets/class-source.js';
import { formatCompilerError } from './support/snippets/compiler-errors.js';
import { repositoryRoot } from './support/snippets/repository-root.js';

test('every TypeScript block of the README and docs compiles against the API', async (t) => {
  const root = repositoryRoot();
  const sources = repositoryMarkdown(root);
  const result = await checkSnippets({ root, sources, outDir: path.join(root, 'build', 'snippets') });
  t.log(`snippets: ${result.checked} checked, ${result.skipped} skipped (fragments)`);

  // Every ```ts fence was found: either compiled or skipped as a fragment.
  const fences = sources.flatMap(({ text }) => text.split('\n').filter((line) => /^\s*```ts\s*$/.test(line)));
  t.true(fences.length > 0);
  t.is(result.checked + result.skipped, fences.length);

  const errors = result.errors.map(formatCompilerError);
  t.deepEqual(
    errors,
    [],
    `${errors.length} compile errors in the documentation's examples (fix the example, the prelude in ` +
      `scripts/snippet-prelude/, or the API):\n${errors.join('\n')}`,
  );
});

test('the prelude declares User, OrderLine and Task exactly as the documentation does', (t) => {
  const root = repositoryRoot();
  // The entities guide declares them; the README may too. Every declaration found must be the prelude's.
  const documents = ['README.md', 'docs/guides/entities-and-keys.md'].map((file) => ({
    file,
    text: readFileSync(path.join(root, ...file.split('/')), 'utf8'),
  }));
  const prelude = readFileSync(path.join(root, 'scripts', 'snippet-prelude', 'entities.ts'), 'utf8');
  for (const name of ['User', 'OrderLine', 'Task']) {
    const declarations = documents.flatMap(({ file, text }) => {
      const source = classSource(text, name);
      return source === undefined ? [] : [{ file, source }];
    });
    t.true(declarations.length > 0, `neither README.md nor docs/guides/entities-and-keys.md declares class ${name}`);
    for (const { file, source } of declarations) {
      t.is(classSource(prelude, name), source, `scripts/snippet-prelude/entities.ts: ${name} differs from ${file}'s`);
    }
  }
});

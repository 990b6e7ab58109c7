// docs/guides/first-app.md tells a new user what to write; examples/first-app is that code, run by
// test/examples/first-app.test.ts. This keeps the two the same.
//
// Marker scheme: a ```ts block preceded by the line `<!-- file: examples/first-app/<path> -->` (optionally followed
// by `<!-- snippet: fragment -->` right before the fence, for files that import their siblings, which the snippet
// checker compiles alone) is that file, whole. `<!-- excerpt: examples/first-app/<path> -->` marks a block that
// appears verbatim, as whole lines, inside the file. The comparison reads the file with its imports of this
// repository's sources written as the package's entry points (PACKAGE_SPECIFIERS): the example imports
// '../../../src/index.js' where the user's app imports 'fluent-dynamo'; nothing else may differ.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { extractSnippets, FRAGMENT_MARKER } from './support/snippets/extract.js';
import { repositoryRoot } from './support/snippets/repository-root.js';

const root = repositoryRoot();
const GUIDE = 'docs/guides/first-app.md';
const EXAMPLE = 'examples/first-app';

const PACKAGE_SPECIFIERS: Readonly<Record<string, string>> = {
  "'../../../src/index.js'": "'fluent-dynamo'",
  "'../../../src/middleware/express/index.js'": "'fluent-dynamo/express'",
  "'../../../src/testing/index.js'": "'fluent-dynamo/testing'",
};

const MARKER = /^<!-- (file|excerpt): (\S+) -->$/;

interface LabelledBlock {
  readonly kind: 'file' | 'excerpt';
  readonly path: string;
  readonly line: number;
  readonly code: string;
}

/** The labelled ```ts blocks of a markdown text: the marker is on the line before the fence, or before the fragment marker. */
function labelledBlocks(markdown: string, file: string): LabelledBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: LabelledBlock[] = [];
  for (const snippet of extractSnippets(markdown, file)) {
    let above = snippet.fenceLine - 2;
    if (lines[above]?.trim() === FRAGMENT_MARKER) above--;
    const match = MARKER.exec(lines[above]?.trim() ?? '');
    if (!match) continue;
    const kind = match[1] === 'file' ? 'file' : 'excerpt';
    blocks.push({ kind, path: match[2], line: snippet.fenceLine, code: snippet.code });
  }
  return blocks;
}

/** A file of the example as the user writes it: its imports of the sources become the package's. */
function asUserWrites(source: string): string {
  let text = source;
  for (const [repository, user] of Object.entries(PACKAGE_SPECIFIERS)) text = text.split(repository).join(user);
  return text;
}

function lines(text: string): string[] {
  return text.replace(/\s+$/, '').split('\n');
}

function containsLines(file: string, block: string): boolean {
  const haystack = lines(file);
  const needle = lines(block);
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((line, j) => haystack[i + j] === line)) return true;
  }
  return false;
}

const guide = () => readFileSync(path.join(root, GUIDE), 'utf8');

test('every file the guide tells the user to write is the example file, verbatim', (t) => {
  const blocks = labelledBlocks(guide(), GUIDE);
  t.true(blocks.length > 0, `no labelled block in ${GUIDE}`);
  const problems: string[] = [];
  for (const block of blocks) {
    if (!block.path.startsWith(`${EXAMPLE}/`)) {
      problems.push(`${GUIDE}:${block.line}: ${block.path} is not a file of ${EXAMPLE}`);
      continue;
    }
    let source: string;
    try {
      source = asUserWrites(readFileSync(path.join(root, block.path), 'utf8'));
    } catch {
      problems.push(`${GUIDE}:${block.line}: ${block.path} does not exist`);
      continue;
    }
    const same =
      block.kind === 'file'
        ? lines(source).join('\n') === lines(block.code).join('\n')
        : containsLines(source, block.code);
    if (!same) problems.push(`${GUIDE}:${block.line}: differs from ${block.path} (${block.kind})`);
  }
  t.deepEqual(problems, []);
  t.log(`${blocks.length} labelled blocks checked`);
});

test('the guide shows every source file of the example whole, so following it gives the whole app', (t) => {
  const shown = new Set(
    labelledBlocks(guide(), GUIDE)
      .filter((block) => block.kind === 'file')
      .map((block) => block.path),
  );
  const files = readdirSync(path.join(root, EXAMPLE, 'src'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${EXAMPLE}/src/${name}`);
  t.true(files.length > 0);
  t.deepEqual(
    files.filter((file) => !shown.has(file)),
    [],
  );
});

test('the check notices a changed line, and reads both markers', (t) => {
  const markdown = [
    '<!-- file: examples/first-app/src/a.ts -->',
    '<!-- snippet: fragment -->',
    '```ts',
    "import { x } from 'fluent-dynamo';",
    '```',
    '<!-- excerpt: examples/first-app/src/a.ts -->',
    '```ts',
    'const y = 2;',
    '```',
    '```ts',
    'unlabelled();',
    '```',
  ].join('\n');
  const blocks = labelledBlocks(markdown, 'x.md');
  t.deepEqual(
    blocks.map((b) => [b.kind, b.path, b.line]),
    [
      ['file', 'examples/first-app/src/a.ts', 3],
      ['excerpt', 'examples/first-app/src/a.ts', 7],
    ],
  );
  const file = asUserWrites("import { x } from '../../../src/index.js';\nconst y = 2;\n");
  t.true(containsLines(file, blocks[0].code));
  t.true(containsLines(file, blocks[1].code));
  t.false(containsLines(file, 'const y = 3;\n'));
  t.false(containsLines(file, 'const y = 2'.slice(0, 8)));
});

// The snippet checker itself: blocks are found with their lines (indented ones too), fragment-marked blocks are
// skipped and counted, and a block that does not compile is reported at its markdown line, alone.
import path from 'node:path';
import test from 'ava';
import { checkSnippets } from './support/snippets/check-snippets.js';
import { extractSnippets, FRAGMENT_MARKER } from './support/snippets/extract.js';
import { repositoryRoot } from './support/snippets/repository-root.js';

const markdown = [
  '# Guide', //                                                         1
  '', //                                                                2
  '```ts', //                                                           3
  "const { item } = await users.get.withKey({ userId: 'u1' }).execute();", // 4: prelude names compile
  'const name: string | undefined = item?.name;', //                    5
  '```', //                                                             6
  '', //                                                                7
  FRAGMENT_MARKER, //                                                   8
  '```ts', //                                                           9
  'const all = await users.query.where(...).all();', //                 10: not even syntax, but skipped
  '```', //                                                             11
  '', //                                                                12
  '- a list item:', //                                                  13
  '  ```ts', //                                                         14
  "  import { Repository } from 'fluent-dynamo';", //                   15: its own import shadows the prelude's
  '  const repo = new Repository(User, client);', //                    16
  '  await repo.get.withKey({ userId: 42 }).execute();', //             17: a number where User has a string
  '  ```', //                                                           18
  '', //                                                                19
  '```sh', //                                                           20
  'npm test', //                                                        21
  '```', //                                                             22
].join('\n');

test('blocks are extracted with their fence line, indentation and fragment mark; other languages are not', (t) => {
  const snippets = extractSnippets(markdown, 'guide.md');
  t.deepEqual(
    snippets.map(({ fenceLine, indent, fragment }) => ({ fenceLine, indent, fragment })),
    [
      { fenceLine: 3, indent: 0, fragment: false },
      { fenceLine: 9, indent: 0, fragment: true },
      { fenceLine: 14, indent: 2, fragment: false },
    ],
  );
  t.true(snippets[2].code.startsWith("import { Repository } from 'fluent-dynamo';\n"));
});

test('a ```ts line inside another fenced block is not a block', (t) => {
  const text = ['````md', '```ts', 'not code', '```', '````', '```ts', 'const a = 1;', '```'].join('\n');
  t.deepEqual(
    extractSnippets(text, 'x.md').map((s) => s.fenceLine),
    [6],
  );
});

test('the one broken block is reported at its markdown line and column; the fragment is counted as skipped', async (t) => {
  const root = repositoryRoot();
  const result = await checkSnippets({
    root,
    sources: [{ file: 'docs/guide.md', text: markdown }],
    outDir: path.join(root, 'build', 'snippets-checker-test'),
  });
  t.is(result.checked, 2);
  t.is(result.skipped, 1);
  t.is(result.errors.length, 1, result.errors.map((e) => `${e.location} ${e.message}`).join('\n'));
  const [error] = result.errors;
  // Line 17 of the markdown, column of `userId` in the indented line.
  t.is(error.location, 'docs/guide.md:17:28');
  t.is(error.code, 'TS2322');
  t.regex(error.message, /number/);
});

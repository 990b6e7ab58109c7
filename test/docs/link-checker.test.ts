// The relative-link checker itself (scripts/check-links.mjs), on markdown files written to a temporary
// directory: a link to a missing file, an anchor that is no heading, a link from the README into test/, and
// links that are good (a file, a heading of another file, a heading of the same file, an external URL, links
// inside code) are told apart, each at its line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { loadLinkChecker } from './support/links/link-checker.js';

const checker = await loadLinkChecker();

function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluent-dynamo-links-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const guide = [
  '# Reading and writing', //                         1
  '', //                                              2
  '## Get, put & delete (`withKey`)', //              3
  '', //                                              4
  '## Errors', //                                     5
  '', //                                              6
  '## Errors', //                                     7: a repeat: #errors-1
  '', //                                              8
  'Back to [the README](../../README.md#install).', // 9
].join('\n');

const readme = [
  '# fluent-dynamo', //                                                     1
  '', //                                                                    2
  '## Install', //                                                          3
  '', //                                                                    4
  'See [the guide](docs/guides/reading.md) and [its errors](docs/guides/reading.md#errors-1).', // 5: good
  'Also [get/put](docs/guides/reading.md#get-put--delete-withkey) and [install](#install).', //  6: good
  'And [the site](https://example.com/docs#nothing) and ![logo](docs/logo.png).', //             7: good
  '`[not a link](missing.md)` and:', //                                     8: a code span
  '', //                                                                    9
  '```md', //                                                               10
  '[not a link either](missing.md)', //                                     11: a code block
  '```', //                                                                 12
  '', //                                                                    13
  'Broken: [a missing guide](docs/guides/writing.md).', //                  14
  'Broken: [no such heading](docs/guides/reading.md#transactions).', //     15
  'Broken: [no such heading here](#usage).', //                             16
  'Broken: [a test](test/docs/links.test.ts).', //                         17
  '[ref]: src/index.ts', //                                                 18
].join('\n');

test('a broken file link, a broken anchor and links into test/ or src/ are reported at their lines', (t) => {
  const dir = repository({
    'README.md': readme,
    'docs/guides/reading.md': guide,
    'docs/logo.png': 'png',
    'test/docs/links.test.ts': '// exists, but is not in the package',
    'src/index.ts': 'export {};',
  });
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  const problems = checker.checkLinks(dir);
  t.deepEqual(
    problems.map(({ file, line, target }) => `${file}:${line} ${target}`),
    [
      'README.md:14 docs/guides/writing.md',
      'README.md:15 docs/guides/reading.md#transactions',
      'README.md:16 #usage',
      'README.md:17 test/docs/links.test.ts',
      'README.md:18 src/index.ts',
    ],
  );
  t.regex(problems[0]?.message ?? '', /docs\/guides\/writing\.md, which does not exist/);
  t.regex(problems[1]?.message ?? '', /#transactions is no heading of docs\/guides\/reading\.md/);
  t.regex(problems[2]?.message ?? '', /#usage is no heading of this file/);
  t.regex(problems[3]?.message ?? '', /into test\/, which the npm package does not contain/);
  t.regex(problems[4]?.message ?? '', /into src\//);
});

test('good links only: no problem (file, heading of another file, same-file heading, external URL)', (t) => {
  const dir = repository({
    'README.md': ['# Title', '', '## Install', '', '[guide](docs/guides/reading.md#errors) [top](#install)'].join('\n'),
    'docs/guides/reading.md': guide,
    'examples/first-app/README.md': '[back](../../README.md#install) [web](https://example.com)',
  });
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.deepEqual(checker.documentationFiles(dir), ['README.md', 'docs/guides/reading.md', 'examples/first-app/README.md']);
  t.deepEqual(checker.checkLinks(dir), []);
});

test('GitHub slugs: punctuation dropped, code and links keep their text, repeats numbered', (t) => {
  t.is(checker.githubSlug('Tenants: STS-scoped clients'), 'tenants-sts-scoped-clients');
  t.is(checker.githubSlug('Tracing and metrics (OpenTelemetry)'), 'tracing-and-metrics-opentelemetry');
  t.is(checker.githubSlug('Get, put & delete (`withKey`)'), 'get-put--delete-withkey');
  t.is(checker.githubSlug('[Express](https://expressjs.com) and *Koa*'), 'express-and-koa');
  t.is(checker.githubSlug('snake_case names'), 'snake_case-names');
  t.deepEqual(
    [...checker.anchorsOf('# A\n\n## A\n\nSetext\n---\n\n<a id="custom"></a>')],
    ['a', 'a-1', 'setext', 'custom'],
  );
});

// Every relative link of the repository's documentation (README.md, BENCHMARKS.md, docs/**, examples/**) leads
// to an existing file and heading, and README.md and docs/ do not link into directories the package leaves out:
// `npm run check:links` over the repository, as CI runs it.
import { spawnSync } from 'node:child_process';
import test from 'ava';
import { checkLinksScript, loadLinkChecker, root } from './support/links/link-checker.js';

const checker = await loadLinkChecker();

test('every relative link of README.md, BENCHMARKS.md, docs/ and examples/ resolves', (t) => {
  const files = checker.documentationFiles(root);
  t.true(files.includes('README.md'));
  const problems = checker.checkLinks(root, files);
  t.deepEqual(
    problems.map(({ file, line, target, message }) => `${file}:${line}: (${target}) ${message}`),
    [],
  );
});

test('npm run check:links exits 0 and says how many files it checked', (t) => {
  const run = spawnSync(process.execPath, [checkLinksScript], { cwd: root, encoding: 'utf8' });
  t.is(run.status, 0, run.stderr);
  t.regex(run.stdout, /every relative link of \d+ files resolves/);
});

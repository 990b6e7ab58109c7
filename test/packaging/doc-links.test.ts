// The documentation as the package ships it: every relative link of every packed markdown file (README.md,
// BENCHMARKS.md, docs/, examples/) leads to a file (or a directory with files) that is in the package too, so the
// links work in node_modules and on the package page; anchors name headings of the packed file. The packed file
// list is npm's own (`npm pack --dry-run --json`, scripts not run: the list does not depend on dist/ existing).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { loadLinkChecker, root } from '../docs/support/links/link-checker.js';

const checker = await loadLinkChecker();

/** npm as the running `npm test` found it (npm_execpath), else `npm` from PATH. */
const npmExecPath = process.env.npm_execpath;
const [npmBin, npmArgs]: [string, string[]] =
  npmExecPath && /\.(c?js|mjs)$/.test(npmExecPath) ? [process.execPath, [npmExecPath]] : ['npm', []];

function packedFiles(): string[] {
  const run = spawnSync(npmBin, [...npmArgs, 'pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
  });
  if (run.error || run.status !== 0) throw new Error(`npm pack --dry-run failed: ${run.error?.message ?? run.stderr}`);
  const [pack] = JSON.parse(run.stdout) as { files: { path: string }[] }[];
  return (pack?.files ?? []).map((file) => file.path);
}

const packed = packedFiles();
const packedSet = new Set(packed);

test('the package ships the documentation: README.md, BENCHMARKS.md, docs/ markdown, examples/ sources', (t) => {
  t.true(packedSet.has('README.md'));
  t.true(packedSet.has('BENCHMARKS.md'));
  t.true(packed.some((file) => file.startsWith('docs/') && file.endsWith('.md')));
  t.true(packed.some((file) => file.startsWith('examples/') && file.endsWith('.ts')));
  // Sources only: no compiled example, and nothing the package must not contain.
  t.deepEqual(
    packed.filter((file) => /^examples\/.*\.(js|map|d\.ts)$/.test(file) || /^(test|src|bench|scripts)\//.test(file)),
    [],
  );
});

test('every relative link of the packed markdown leads into the package', (t) => {
  const problems: string[] = [];
  const markdown = packed.filter((file) => file.endsWith('.md'));
  for (const file of markdown) {
    for (const { line, target } of checker.linksOf(readFileSync(path.join(root, file), 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//') || target === '') continue;
      const [pathPart = '', anchor] = target.split('#', 2);
      const resolved =
        pathPart === ''
          ? file
          : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart)));
      const directory = resolved.replace(/\/$/, '');
      const inPackage = packedSet.has(resolved) || packed.some((packedFile) => packedFile.startsWith(`${directory}/`));
      if (!inPackage) {
        problems.push(`${file}:${line}: ${target} is not in the package`);
        continue;
      }
      if (anchor && resolved.endsWith('.md')) {
        const anchors = checker.anchorsOf(readFileSync(path.join(root, resolved), 'utf8'));
        if (!anchors.has(decodeURIComponent(anchor)))
          problems.push(`${file}:${line}: #${anchor} is no heading of ${resolved}`);
      }
    }
  }
  t.true(markdown.length >= 3, `packed markdown: ${markdown.join(', ')}`);
  t.deepEqual(problems, []);
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

// Express and Koa are optional peer dependencies: the core must not load
// them (or the middleware), and the middleware only uses their types.

const buildSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every module reachable from `entry` through relative imports, and the bare specifiers they import. */
function importGraph(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(
      /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
    )) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (!specifier) continue;
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else bare.add(specifier);
    }
  };
  visit(entry);
  return { files, bare };
}

test('the core entry point loads neither Express, Koa nor the middleware', (t) => {
  const { files, bare } = importGraph(path.join(buildSrc, 'index.js'));
  const frameworks = [...bare].filter((s) => /^(express|koa|@koa\/)/.test(s));
  t.deepEqual(frameworks, []);
  t.deepEqual(
    [...files].filter((f) => f.includes(`${path.sep}middleware${path.sep}`)),
    [],
  );
});

for (const entry of ['express', 'koa']) {
  test(`fluent-dynamo/${entry} needs no ${entry} at run time (only its types)`, (t) => {
    const { bare } = importGraph(path.join(buildSrc, 'middleware', entry, 'index.js'));
    t.deepEqual(
      [...bare].filter((s) => /^(express|koa|@koa\/)/.test(s)),
      [],
    );
  });
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { importGraph } from '../support/import-graph.js';

// Express and Koa are optional peer dependencies: the core must not load
// them (or the middleware), and the middleware only uses their types.

const buildSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

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

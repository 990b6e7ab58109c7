import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { importGraph } from '../support/import-graph.js';

// @nestjs/common and @nestjs/core are optional peer dependencies: the core must not load them (or
// fluent-dynamo/nestjs), and fluent-dynamo/nestjs must load nothing at run time that the package does not declare
// (rxjs is Nest's peer, not ours: a strict package manager would not resolve it from fluent-dynamo).

const buildSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);

test('the core entry point loads neither Nest nor fluent-dynamo/nestjs', (t) => {
  const { files, bare } = importGraph(path.join(buildSrc, 'index.js'));
  t.deepEqual(
    [...bare].filter((s) => /^(@nestjs\/|rxjs)/.test(s)),
    [],
  );
  t.deepEqual(
    [...files].filter((f) => f.includes(`${path.sep}nestjs${path.sep}`)),
    [],
  );
});

test('fluent-dynamo/nestjs loads only declared packages at run time: no rxjs, no platform, no express', (t) => {
  const { bare } = importGraph(path.join(buildSrc, 'nestjs', 'index.js'));
  const declared = JSON.parse(readFileSync(path.resolve(buildSrc, '../../package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };
  const allowed = new Set([...Object.keys(declared.dependencies), ...Object.keys(declared.peerDependencies)]);
  const undeclared = [...bare].filter((s) => !s.startsWith('node:') && !allowed.has(packageOf(s)));
  t.deepEqual(undeclared, []);
  t.true(bare.has('@nestjs/common'));
  t.false([...bare].some((s) => /^(rxjs|express|@nestjs\/platform-)/.test(s)));
});

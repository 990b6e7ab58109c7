import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { resolveSource, sourceImports, typeScriptSources } from '../support/source-imports.js';

// docs/ARCHITECTURE.md lists the folders of src/ as layers, each importing only from the layers above it. The
// order is read from that table, so the document and the code cannot drift apart: the order changes in the
// document, and this test holds the code to it. `import type` counts as an import: a type from a lower layer
// still means the upper layer's code changes when the lower one does. The sources are read (not build/), so
// type-only imports are seen.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const src = path.join(root, 'src');

/** The folder column of the layer table, top to bottom. */
function documentedLayers(): string[] {
  const doc = readFileSync(path.join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
  const lines = doc.split('\n');
  const header = lines.findIndex((line) => /^\|\s*layer\s*\|\s*folder\s*\|/.test(line));
  if (header < 0) throw new Error('docs/ARCHITECTURE.md has no "| layer | folder | ..." table');
  const layers: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const folder = /`src\/([^/`]+)\/?`/.exec(line.split('|')[2] ?? '');
    if (!folder) throw new Error(`layer table row without a \`src/<folder>/\` cell: ${line}`);
    layers.push(folder[1] as string);
  }
  return layers;
}

const layers = documentedLayers();
const rank = new Map(layers.map((layer, index) => [layer, index]));

/** The layer a source belongs to: its first folder under src/ (undefined for src/index.ts, the root entry). */
const layerOf = (file: string): string | undefined => {
  const parts = path.relative(src, file).split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
};

const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');

test('the layer table lists layers, each once', (t) => {
  t.true(layers.length > 5, `layers read: ${layers.join(', ')}`);
  t.deepEqual(
    layers.filter((layer, index) => layers.indexOf(layer) !== index),
    [],
  );
});

test('every folder of src/ is a layer in docs/ARCHITECTURE.md, and every layer is a folder', (t) => {
  const folders = readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  t.deepEqual(
    folders.filter((folder) => !rank.has(folder)),
    [],
    'folders of src/ missing from the layer table',
  );
  t.deepEqual(
    layers.filter((layer) => !folders.includes(layer)),
    [],
    'layers in the table with no folder in src/',
  );
});

test('the import reader finds every import and export clause of src/', (t) => {
  // Any line ending in `from '...';` is the end of an import or export clause: each must have been read,
  // or an import the reader's grammar misses would escape the layer check below.
  const missed: string[] = [];
  for (const file of typeScriptSources(src)) {
    const code = readFileSync(file, 'utf8');
    const clauses = code.match(/\bfrom\s*['"][^'"]+['"];?[ \t]*$/gm)?.length ?? 0;
    const read = sourceImports(file).filter(({ kind }) => kind === 'clause').length;
    if (read < clauses) missed.push(`${relative(file)}: ${clauses} clauses, ${read} read`);
  }
  t.deepEqual(missed, []);
});

test('a layer imports only from itself and the layers above it (type-only imports included)', (t) => {
  const violations: string[] = [];
  let imports = 0;
  for (const file of typeScriptSources(src)) {
    const from = layerOf(file);
    if (from === undefined) continue; // src/index.ts: the root entry point exports every layer
    for (const { specifier, line, typeOnly } of sourceImports(file)) {
      if (!specifier.startsWith('.')) continue;
      imports += 1;
      const target = resolveSource(file, specifier);
      const to = layerOf(target);
      const kind = typeOnly ? 'import type' : 'import';
      if (to === undefined) {
        violations.push(`${relative(file)}:${line} -> ${relative(target)} (${kind}): ${from} -> the root entry`);
        continue;
      }
      if (to === from) continue;
      const fromRank = rank.get(from);
      const toRank = rank.get(to);
      if (fromRank === undefined || toRank === undefined) continue; // reported by the folder test
      if (toRank > fromRank) {
        violations.push(`${relative(file)}:${line} -> ${relative(target)} (${kind}): ${from} -> ${to}`);
      }
    }
  }
  t.true(imports > 100, `relative imports read: ${imports}`);
  t.deepEqual(violations, [], `imports from a layer listed below the importer:\n${violations.join('\n')}`);
});

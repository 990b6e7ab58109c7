#!/usr/bin/env node
// `npm run build`: the published package.
//   dist/esm  ES modules + .d.ts (tsconfig.esm.json); the JavaScript then bundled by esbuild: one file per entry
//             point of package.json "exports" plus shared chunks (dist/esm/chunks/), dependencies left as imports.
//             Node loads an ES module graph file by file, and ~150 small modules cost about 100 ms of a cold start
//             (Lambda) where a few bundled files cost a few ms. The .d.ts files stay one per source file.
//   dist/cjs  CommonJS + .d.ts (tsconfig.cjs.json), with dist/cjs/package.json {"type":"commonjs"} so Node loads
//             its .js files as CommonJS inside this "type": "module" package.
// Fails (exit code of tsc) on any type error: nothing half-built gets packed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function tsc(project) {
  console.log(`[build] tsc -p ${project}`);
  const result = spawnSync(process.execPath, [tscBin, '-p', project], { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`[build] tsc -p ${project} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

/** Replaces tsc's per-file JavaScript in dist/esm by esbuild bundles of the "exports" entry points. */
async function bundleEsm() {
  const { build } = await import('esbuild');
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const entryPoints = Object.values(manifest.exports)
    .map((target) => target?.import?.default)
    .filter((file) => typeof file === 'string' && file.startsWith('./dist/esm/'))
    .map((file) => path.join(root, file));
  const esm = path.join(dist, 'esm');
  const staging = path.join(dist, '.esm-bundle');
  console.log(`[build] esbuild: ${entryPoints.length} entry points of dist/esm, shared chunks`);
  await build({
    entryPoints,
    outdir: staging,
    outbase: esm,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: manifest.engines.node.replace(/^>=\s*/, 'node'),
    // Dependencies (the SDK, reflect-metadata, peers) stay imports: one copy, the app's.
    packages: 'external',
    // Class and function names as written: error names and messages use them.
    keepNames: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
  for (const file of files(esm)) if (file.endsWith('.js')) rmSync(file);
  for (const file of files(staging)) {
    const target = path.join(esm, path.relative(staging, file));
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(file, target);
  }
  rmSync(staging, { recursive: true, force: true });
}

rmSync(dist, { recursive: true, force: true });
tsc('tsconfig.esm.json');
await bundleEsm();
tsc('tsconfig.cjs.json');
mkdirSync(path.join(dist, 'cjs'), { recursive: true });
writeFileSync(path.join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
console.log('[build] dist/esm, dist/cjs ready');

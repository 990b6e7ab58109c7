#!/usr/bin/env node
// `npm run build`: the published package.
//   dist/esm  ES modules + .d.ts (tsconfig.esm.json), one file per source file: what bundlers read (the "module"
//             condition of package.json "exports": they tree-shake it and follow its plain imports), and the
//             declarations of both ES builds.
//   dist/node ES modules for Node itself (the "default" condition): dist/esm bundled by esbuild into a few files
//             for a fast cold start (scripts/node-build/node-bundle.mjs).
//   dist/cjs  CommonJS + .d.ts (tsconfig.cjs.json), with dist/cjs/package.json {"type":"commonjs"} so Node loads
//             its .js files as CommonJS inside this "type": "module" package.
// Fails (exit code of tsc) on any type error: nothing half-built gets packed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNode } from './node-build/node-bundle.mjs';

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

/** Bundles dist/node from tsc's ES modules in dist/esm (scripts/node-build/node-bundle.mjs). */
async function bundleForNode() {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const esm = path.join(dist, 'esm');
  const entries = Object.values(manifest.exports)
    .map((target) => target?.import?.module)
    .filter((file) => typeof file === 'string' && file.startsWith('./dist/esm/'))
    .map((file) => path.join(root, file));
  const rootEntry = path.join(esm, 'index.js');
  console.log(`[build] esbuild: dist/node, ${entries.length} entry points, the root's modules in one file`);
  await bundleNode({
    esm,
    out: path.join(dist, 'node'),
    rootEntry,
    subpathEntries: entries.filter((entry) => entry !== rootEntry),
    target: manifest.engines.node.replace(/^>=\s*/, 'node'),
  });
}

/** Every file package.json "exports" names exists: no entry point of the package can point at nothing. */
function checkExports() {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const targets = (value) => (typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap(targets));
  const missing = targets(manifest.exports).filter((file) => !existsSync(path.join(root, file)));
  if (missing.length > 0) {
    console.error(`[build] package.json "exports" names files the build did not write: ${missing.join(', ')}`);
    process.exit(1);
  }
}

rmSync(dist, { recursive: true, force: true });
tsc('tsconfig.esm.json');
await bundleForNode();
tsc('tsconfig.cjs.json');
mkdirSync(path.join(dist, 'cjs'), { recursive: true });
writeFileSync(path.join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
checkExports();
console.log('[build] dist/esm, dist/node, dist/cjs ready');

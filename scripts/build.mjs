#!/usr/bin/env node
// `npm run build`: the published package.
//   dist/esm  ES modules + .d.ts (tsconfig.esm.json)
//   dist/cjs  CommonJS + .d.ts (tsconfig.cjs.json), with dist/cjs/package.json {"type":"commonjs"} so Node loads
//             its .js files as CommonJS inside this "type": "module" package.
// Fails (exit code of tsc) on any type error: nothing half-built gets packed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

rmSync(dist, { recursive: true, force: true });
tsc('tsconfig.esm.json');
tsc('tsconfig.cjs.json');
mkdirSync(path.join(dist, 'cjs'), { recursive: true });
writeFileSync(path.join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
console.log('[build] dist/esm, dist/cjs ready');

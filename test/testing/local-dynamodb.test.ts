// fluent-dynamo/testing against real java processes.
//
// `npm test` already runs one DynamoDB Local and sets DYNAMODB_ENDPOINT. These tests start instances of their own
// with `via: 'java'`, which ignores DYNAMODB_ENDPOINT by design (only `via: 'auto'` consults it). The test of the
// DYNAMODB_ENDPOINT path sets the variable itself, so this file also passes when run without scripts/test.mjs.
// Serial: each test starts a JVM, and the machine has two cores.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import test, { type ExecutionContext } from 'ava';
import { dockerEngineAnswers } from '../../src/testing/docker-engine.js';
import { isPortFree } from '../../src/testing/free-port.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../src/testing/index.js';

const testingEntry = fileURLToPath(new URL('../../src/testing/index.js', import.meta.url));

/** Pids of DynamoDBLocal java processes listening on `port`, from `ps`. */
function dynamoDbLocalPidsOnPort(port: number): number[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  const portArg = new RegExp(`-port ${port}(\\s|$)`);
  return lines
    .filter((line) => line.includes('DynamoDBLocal') && portArg.test(line))
    .map((line) => Number.parseInt(line.trim(), 10));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function listenOnce(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => server.close(() => resolve()));
  });
}

function portOf(endpoint: string): number {
  return Number(new URL(endpoint).port);
}

async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

async function tableNames(client: DynamoDBClient): Promise<string[]> {
  return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
}

async function withDynamo<T>(dynamo: LocalDynamoDb, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await dynamo.stop();
  }
}

test.serial("via 'java' starts its own instance, one database per access key; stop() leaves nothing", async (t) => {
  const dynamo = await startLocalDynamoDb({ via: 'java' });
  const port = portOf(dynamo.endpoint);
  t.is(dynamo.source, 'java');
  t.is(dynamo.region, 'us-east-1');
  t.regex(dynamo.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.not(dynamo.endpoint, process.env.DYNAMODB_ENDPOINT);
  t.truthy(dynamo.pid);
  t.deepEqual(dynamoDbLocalPidsOnPort(port), [dynamo.pid]);

  await withDynamo(dynamo, async () => {
    const alice = dynamo.client('alice1');
    await createTable(alice, 'only-alice');
    t.deepEqual(await tableNames(alice), ['only-alice']);
    t.deepEqual(await tableNames(dynamo.client('bob2')), []);
    // The default fixed key is a database of its own as well.
    t.deepEqual(await tableNames(dynamo.client()), []);
  });

  t.deepEqual(dynamoDbLocalPidsOnPort(port), []);
  t.false(processAlive(dynamo.pid ?? 0));
  t.true(await isPortFree(port));
  await t.notThrowsAsync(listenOnce(port));
  await t.notThrowsAsync(dynamo.stop());
  await t.notThrowsAsync(Promise.all([dynamo.stop(), dynamo.stop()]));
});

test.serial('sharedDb: true gives every access key the same database', async (t) => {
  const dynamo = await startLocalDynamoDb({ via: 'java', sharedDb: true });
  await withDynamo(dynamo, async () => {
    await createTable(dynamo.client('alice1'), 'shared-table');
    t.deepEqual(await tableNames(dynamo.client('bob2')), ['shared-table']);
    t.deepEqual(await tableNames(dynamo.client({ accessKeyId: 'carol3', secretAccessKey: 'x', sessionToken: 'y' })), [
      'shared-table',
    ]);
  });
  t.deepEqual(dynamoDbLocalPidsOnPort(portOf(dynamo.endpoint)), []);
});

test.serial(
  'dbPath keeps the database on disk: a new instance on the same directory has the tables and items',
  async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fluent-dynamo-db-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = path.join(dir, 'nested', 'db');
    // DYNAMODB_ENDPOINT is set under `npm test`: with a dbPath, 'auto' starts its own jar anyway.
    const first = await startLocalDynamoDb({ dbPath, sharedDb: true });
    t.is(first.source, 'java');
    await withDynamo(first, async () => {
      await createTable(first.client(), 'kept');
      await first.client().send(new PutItemCommand({ TableName: 'kept', Item: { pk: { S: 'a' }, n: { N: '1' } } }));
    });
    t.deepEqual(dynamoDbLocalPidsOnPort(portOf(first.endpoint)), []);
    t.true(readdirSync(dbPath).length > 0, 'files in the directory');

    const second = await startLocalDynamoDb({ via: 'java', dbPath, sharedDb: true });
    await withDynamo(second, async () => {
      t.deepEqual(await tableNames(second.client()), ['kept']);
      const { Item } = await second.client().send(new GetItemCommand({ TableName: 'kept', Key: { pk: { S: 'a' } } }));
      t.deepEqual(Item, { pk: { S: 'a' }, n: { N: '1' } });
    });
    await t.throwsAsync(startLocalDynamoDb({ via: 'testcontainers', dbPath }), {
      message: /dbPath needs the bundled jar/,
    });
  },
);

test.serial('an endpoint from DYNAMODB_ENDPOINT is used and owned by nobody', async (t) => {
  const owner = await startLocalDynamoDb({ via: 'java' });
  const saved = process.env.DYNAMODB_ENDPOINT;
  try {
    process.env.DYNAMODB_ENDPOINT = owner.endpoint;
    await createTable(owner.client('dave4'), 'owned-elsewhere');

    const borrowed = await startLocalDynamoDb({ region: 'eu-west-1' });
    t.is(borrowed.source, 'env');
    t.is(borrowed.endpoint, owner.endpoint);
    t.is(borrowed.region, 'eu-west-1');
    t.is(borrowed.pid, undefined);
    await borrowed.stop();
    await borrowed.stop();

    // Still running, same data.
    t.true(processAlive(owner.pid ?? 0));
    t.deepEqual(await tableNames(owner.client('dave4')), ['owned-elsewhere']);
  } finally {
    if (saved === undefined) delete process.env.DYNAMODB_ENDPOINT;
    else process.env.DYNAMODB_ENDPOINT = saved;
    await owner.stop();
  }
  t.deepEqual(dynamoDbLocalPidsOnPort(portOf(owner.endpoint)), []);
});

/** Runs `script` (ESM) in a child node process that starts an instance and prints its endpoint and pid. */
function startInChild(script: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const started = new Promise<{ endpoint: string; pid: number }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(JSON.parse(stdout.trim()) as { endpoint: string; pid: number });
    });
    child.once('exit', () => reject(new Error(`child exited before starting: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, started, exited, stderr: () => stderr };
}

const START_AND_PRINT = `
  const { startLocalDynamoDb } = await import(${JSON.stringify(testingEntry)});
  const dynamo = await startLocalDynamoDb({ via: 'java' });
  console.log(JSON.stringify({ endpoint: dynamo.endpoint, pid: dynamo.pid }));
`;

async function assertGone(t: ExecutionContext, started: { endpoint: string; pid: number }): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (processAlive(started.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  t.false(processAlive(started.pid));
  t.deepEqual(dynamoDbLocalPidsOnPort(portOf(started.endpoint)), []);
}

test.serial('a process that forgets stop() does not leave java behind', async (t) => {
  // The child starts an instance, prints where, and simply ends: the event loop empties and the exit hook kills
  // the java process group.
  const run = startInChild(START_AND_PRINT);
  const started = await run.started;
  const { code } = await run.exited;
  t.is(code, 0, run.stderr());
  await assertGone(t, started);
});

test.serial('SIGTERM to a process with a running instance kills java too, then ends the process', async (t) => {
  const run = startInChild(`${START_AND_PRINT}\nsetInterval(() => {}, 1000);`);
  const started = await run.started;
  t.true(processAlive(started.pid));
  run.child.kill('SIGTERM');
  const { signal } = await run.exited;
  t.is(signal, 'SIGTERM');
  await assertGone(t, started);
});

test('client() refuses access key ids DynamoDB Local would reject', async (t) => {
  const saved = process.env.DYNAMODB_ENDPOINT;
  // Needs an answering endpoint only to construct the instance: borrow the one of `npm test` when there is one.
  if (!saved) {
    t.pass('DYNAMODB_ENDPOINT not set (not run through npm test)');
    return;
  }
  const dynamo = await startLocalDynamoDb();
  t.throws(() => dynamo.client('with-dash'), { message: /letters and digits/ });
  t.throws(() => dynamo.client(''), { message: /letters and digits/ });
  t.throws(() => dynamo.client({ accessKeyId: 'a_b', secretAccessKey: 's' }), { message: /letters and digits/ });
  t.truthy(dynamo.client('Abc123'));
});

test("via 'testcontainers' without a Docker engine fails clearly", async (t) => {
  if (await dockerEngineAnswers()) {
    t.pass('a Docker engine answers here; not exercising the failure path');
    return;
  }
  await t.throwsAsync(startLocalDynamoDb({ via: 'testcontainers' }), { message: /Docker engine/ });
});

// streamHandler with `tenants`: each record runs as its tenant through the StsTenantClientProvider (local STS):
// the ambient client is the tenant's STS-scoped client (in DynamoDB Local, each tenant's credentials are a database
// of their own, so a write that left its tenant's client would land elsewhere or fail), and the tenant key guard
// refuses keys of other tenants. Two attacks: a tenantOf that names another tenant than the record's key, and a
// handler writing another tenant's key.
import test from 'ava';
import { TenantIsolationError } from '../../src/errors/errors.js';
import { Attribute, currentClient, PartitionKey, Repository, SortKey, Table } from '../../src/index.js';
import { streamBatchHandler, streamHandler } from '../../src/streams/index.js';
import { createTable } from '../../src/tables/table-admin.js';
import { testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';
import { stackFor } from '../tenancy/support/stack.js';
import { Note, note, Task, task } from './entities.js';
import { followedTable } from './support.js';

@Table('task_counts')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'COUNT#{name}' })
class TaskCount {
  @Attribute() tenantId!: string;
  @Attribute() name!: string;
  @Attribute() count?: number;
}

const client = testClient();

async function setup(t: Parameters<typeof followedTable>[0]) {
  const stack = await stackFor(t);
  const tenants = stack.provider(testEndpoint(), { isolation: {} });
  const followed = await followedTable(t, client, 'NEW_AND_OLD_IMAGES');
  const countTable = uniqueTableName('task-counts');
  // Only the tenants' databases have the counter table: the application client's has not.
  for (const id of ['acme', 'globex'])
    await createTable(await tenants.clientFor(id), TaskCount, { tableName: countTable });
  const counts = new Repository(TaskCount, { client, tableName: countTable });
  const tasks = new Repository(Task, { client, tableName: followed.table });
  const notes = new Repository(Note, { client, tableName: followed.table });
  await tasks.put.withItem(task('acme', 't1')).execute();
  await notes.put.withItem(note('globex', 'n1')).execute();
  await tasks.put.withItem(task('globex', 't1')).execute();
  await tasks.put.withItem(task('acme', 't2')).execute();
  const event = await followed.event(4);
  const countOf = (tenantId: string) =>
    tenants.run(
      tenantId,
      undefined,
      async () => (await counts.get.withKey({ tenantId, name: 'tasks' }).execute()).item?.count,
    );
  return { tenants, followed, counts, event, countOf };
}

test("each record runs on its tenant's STS-scoped client, and its writes land in that tenant's data", async (t) => {
  const { tenants, followed, counts, event, countOf } = await setup(t);
  const seen: [string | undefined, boolean][] = [];
  const handler = streamHandler(
    [Task, Note],
    async (change, { tenantId }) => {
      seen.push([tenantId, currentClient() === (await tenants.clientFor(tenantId as string))]);
      if (change.entity !== Task || change.eventName !== 'INSERT') return;
      await counts.update
        .withKey({ tenantId: change.keys.tenantId as string, name: 'tasks' })
        .set('ADD count {0}', 1)
        .execute();
    },
    { tableName: followed.table, tenants: { provider: tenants }, onFailure: (e) => t.log(e) },
  );
  t.deepEqual(await handler(event), { batchItemFailures: [] });
  t.deepEqual(seen, [
    ['acme', true],
    ['globex', true],
    ['globex', true],
    ['acme', true],
  ]);
  t.is(await countOf('acme'), 2);
  t.is(await countOf('globex'), 1);
});

test('streamBatchHandler runs each tenant batch as that tenant', async (t) => {
  const { tenants, followed, event } = await setup(t);
  const batches: [string | undefined, string[], boolean][] = [];
  const handler = streamBatchHandler(
    [Task, Note],
    async (changes, { tenantId }) => {
      batches.push([
        tenantId,
        changes.map((c) => c.sequenceNumber),
        currentClient() === (await tenants.clientFor(tenantId as string)),
      ]);
    },
    { tableName: followed.table, tenants: { provider: tenants } },
  );
  t.deepEqual(await handler(event), { batchItemFailures: [] });
  const seq = (i: number) => event.Records[i]?.dynamodb?.SequenceNumber as string;
  t.deepEqual(batches, [
    ['acme', [seq(0), seq(3)], true],
    ['globex', [seq(1), seq(2)], true],
  ]);
});

test("attack: a tenantOf naming another tenant than the record's key is refused before the function runs", async (t) => {
  const { tenants, followed, event } = await setup(t);
  let ran = 0;
  const errors: unknown[] = [];
  const handler = streamHandler(
    [Task, Note],
    () => {
      ran += 1;
    },
    {
      tableName: followed.table,
      afterFailure: 'continue',
      tenants: { provider: tenants, tenantOf: () => 'globex' },
      onFailure: (error) => errors.push(error),
    },
  );
  const seq = (i: number) => event.Records[i]?.dynamodb?.SequenceNumber as string;
  // acme's records (0 and 3) are refused; globex's own run.
  t.deepEqual(await handler(event), { batchItemFailures: [{ itemIdentifier: seq(0) }, { itemIdentifier: seq(3) }] });
  t.is(ran, 2);
  t.true(errors.every((e) => e instanceof TenantIsolationError && (e as TenantIsolationError).tenantId === 'globex'));
});

test("attack: a handler writing another tenant's key is refused by the tenant key guard and reported", async (t) => {
  const { tenants, followed, counts, event, countOf } = await setup(t);
  const errors: unknown[] = [];
  const handler = streamHandler(
    [Task],
    async (change) => {
      const other = change.keys.tenantId === 'acme' ? 'globex' : 'acme';
      await counts.update.withKey({ tenantId: other, name: 'tasks' }).set('ADD count {0}', 100).execute();
    },
    {
      tableName: followed.table,
      afterFailure: 'continue',
      tenants: { provider: tenants },
      onFailure: (error) => errors.push(error),
    },
  );
  const { batchItemFailures } = await handler(event);
  t.is(batchItemFailures.length, 3); // every task record; the note is no Task and skipped
  t.true(
    errors.every((e) => e instanceof TenantIsolationError),
    String(errors[0]),
  );
  t.is(await countOf('acme'), undefined);
  t.is(await countOf('globex'), undefined);
});

// The tenant boundary at index keys and key template parts. IAM's dynamodb:LeadingKeys sees only the table's
// partition key on writes, so a put or update that writes another tenant's value into an index partition key
// would let that tenant find the item in its own index partition: the library is the only line of defence.
//
// - Composite index keys (`@Index(name, { template })` on the class) are written by put, kept in step by updates
//   of their parts, removed with them, and read back as their parts (against DynamoDB Local).
// - Inside a tenant scope, every value a put, update, batch write or transaction writes to a tenant-prefixed index
//   key (declared `tenantPrefixed`, or a template starting with the tenant property) must be the tenant's;
//   generated values around the tenant's prefix are refused exactly when they are not, before sending.
// - Key template parts (`tenantId` of `TENANT#{tenantId}`) cannot be updated, and a stored part that disagrees
//   with the key is a MappingError when read, never silently preferred.
import 'reflect-metadata';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import fc from 'fast-check';
import {
  Attribute,
  BatchWriteItemRequestBuilder,
  createTable,
  ExpressionError,
  FluentDynamoError,
  Index,
  MappingError,
  MetadataError,
  PartitionKey,
  Repository,
  runInTenantScope,
  SortKey,
  Table,
  TenantIsolationError,
  TransactWriteItemsRequestBuilder,
} from '../../src/index.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { countingClient } from './support/clients.js';
import { figuresFor } from './support/figures.js';
import { sized } from './support/profile.js';

const figures = figuresFor(test, 'index-key-isolation');
fc.configureGlobal({ includeErrorInReport: true });
const RUNS = sized('RELIABILITY_FC_RUNS', 150, 50);

@Table('tasks')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'TASK#{taskId}' })
@Index('ByAssignee', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#ASSIGNEE#{assignee}' })
@Index('ByAssignee', { role: 'sort', attribute: 'gsi1sk', template: 'STATUS#{status}#TASK#{taskId}' })
class Task {
  @Attribute() tenantId!: string;
  @Attribute() taskId!: string;
  @Attribute() title!: string;
  @Attribute() status!: string;
  @Attribute() assignee?: string;
  /** A plain index key whose values the application builds itself: declared tenant-prefixed. */
  @Attribute() @Index('ByLabel', { role: 'partition', tenantPrefixed: true }) label?: string;
}

function task(tenantId: string, taskId: string, extra: Partial<Task> = {}): Task {
  return Object.assign(new Task(), { tenantId, taskId, title: `task ${taskId}`, status: 'open', ...extra });
}

const client = testClient();
test.after.always(() => client.destroy());
const tableName = uniqueTableName('index-keys');
const tasks = new Repository(Task, { client, tableName });
test.before(async () => {
  await createTable(client, Task, { tableName });
});

async function rawItem(tenantId: string, taskId: string) {
  const { item } = await new Repository(Task, { client, tableName }).get
    .withKey({ tenantId, taskId })
    .consistentRead()
    .execute();
  return item;
}

/** Runs `attempt` expecting a TenantIsolationError, and counts it. */
async function refusedAttempt(t: import('ava').ExecutionContext, what: string, attempt: () => Promise<unknown>) {
  figures.operations += 1;
  // A batch or transaction may refuse when the operation is added, before execute(): refused either way.
  const error = await Promise.resolve()
    .then(attempt)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  t.true(error instanceof TenantIsolationError, `${what}: expected TenantIsolationError, got ${String(error)}`);
  figures.isolationAttacks += 1;
}

test('composite index keys: written by put, kept in step by updates of their parts, removed with them, read back as their parts', async (t) => {
  await tasks.put.withItem(task('acme', 't1', { assignee: 'bob' })).execute();
  const put = tasks.put.withItem(task('acme', 't1', { assignee: 'bob' })).toInput();
  t.deepEqual(put.Item?.gsi1pk, { S: 'TENANT#acme#ASSIGNEE#bob' });
  t.deepEqual(put.Item?.gsi1sk, { S: 'STATUS#open#TASK#t1' });

  const byAssignee = (tenantId: string, assignee: string) =>
    runInTenantScope({ tenantId }, () =>
      tasks.query
        .withIndex('ByAssignee')
        .where('gsi1pk = {0}' as string, `TENANT#${tenantId}#ASSIGNEE#${assignee}`)
        .all(),
    );
  const found = await byAssignee('acme', 'bob');
  t.is(found.length, 1);
  t.like(found[0], { tenantId: 'acme', taskId: 't1', assignee: 'bob', status: 'open' });

  await runInTenantScope({ tenantId: 'acme' }, () =>
    tasks.update.withKey({ taskId: 't1' }).set('SET assignee = {0}, status = {1}', 'carol', 'done').execute(),
  );
  t.is((await byAssignee('acme', 'bob')).length, 0, 'the old index partition no longer holds it');
  const moved = await byAssignee('acme', 'carol');
  t.is(moved.length, 1);
  t.like(moved[0], { assignee: 'carol', status: 'done' });

  // The sort key alone: its other part (taskId) comes from the item's key.
  const statusOnly = tasks.update
    .withKey({ tenantId: 'acme', taskId: 't1' })
    .set('SET status = {0}', 'review')
    .toInput();
  t.regex(statusOnly.UpdateExpression ?? '', /SET .*, #n\d+ = :v\d+/);
  t.true(Object.values(statusOnly.ExpressionAttributeValues ?? {}).some((v) => v.S === 'STATUS#review#TASK#t1'));
  t.false(Object.values(statusOnly.ExpressionAttributeNames ?? {}).includes('gsi1pk'), 'gsi1pk is not touched');

  await tasks.update.withKey({ tenantId: 'acme', taskId: 't1' }).set('REMOVE assignee').execute();
  t.is((await byAssignee('acme', 'carol')).length, 0, 'without its part, the item leaves the index');
  const after = await rawItem('acme', 't1');
  t.is(after?.assignee, undefined);

  // An update that cannot say what the index key becomes is refused before sending.
  const unknowable = t.throws(
    () =>
      tasks.update
        .withKey({ tenantId: 'acme', taskId: 't1' })
        .set('SET assignee = if_not_exists(assignee, {0})', 'x')
        .toInput(),
    { instanceOf: ExpressionError },
  );
  t.regex(unknowable?.message ?? '', /gsi1pk .*TENANT#\{tenantId\}#ASSIGNEE#\{assignee\}/);
  t.throws(
    () => tasks.update.withKey({ tenantId: 'acme', taskId: 't1' }).set('SET gsi1pk = {0}' as string, 'TENANT#acme#X'),
    {
      instanceOf: ExpressionError,
      message: /composite index key, written from its parts/,
    },
  );
  // A part value holding the template's separator would forge another tenant's index key.
  const forged = t.throws(() => tasks.put.withItem(task('acme', 't2', { assignee: 'x#TENANT#other' })), {
    instanceOf: MappingError,
  });
  t.regex(forged?.message ?? '', /assignee .* contains '#'/);
  figures.add({ operations: 8, badInputs: 3 });
});

test("inside a tenant scope, another tenant's index key values are refused in puts, updates, batches and transactions; the tenant's own go through", async (t) => {
  const foreign = 'TENANT#other#LABEL#urgent';
  await runInTenantScope({ tenantId: 'acme' }, async () => {
    await refusedAttempt(t, 'put', () => tasks.put.withItem(task('acme', 'a1', { label: foreign })).execute());
    await tasks.put.withItem(task('acme', 'a1', { label: 'TENANT#acme#LABEL#urgent' })).execute();
    await refusedAttempt(t, 'update SET', () =>
      tasks.update.withKey({ taskId: 'a1' }).set('SET label = {0}', foreign).execute(),
    );
    await refusedAttempt(t, 'update setValues', () =>
      tasks.update.withKey({ taskId: 'a1' }).setValues({ label: foreign }).execute(),
    );
    await refusedAttempt(t, 'update setValues with a template', () =>
      tasks.update.withKey({ taskId: 'a1' }).set('SET title = {0}', 'x').setValues({ label: foreign }).execute(),
    );
    await refusedAttempt(t, 'update SET from another attribute', () =>
      tasks.update.withKey({ taskId: 'a1' }).set('SET label = title').execute(),
    );
    await refusedAttempt(t, 'batch put', () =>
      new BatchWriteItemRequestBuilder(client)
        .put(tasks, (b) => b.withItem(task('acme', 'a2')))
        .put(tasks, (b) => b.withItem(task('acme', 'a3', { label: foreign })))
        .execute(),
    );
    await refusedAttempt(t, 'transaction put', () =>
      new TransactWriteItemsRequestBuilder(client)
        .put(tasks, (b) => b.withItem(task('acme', 'a4', { label: foreign })))
        .execute(),
    );
    await refusedAttempt(t, 'transaction update', () =>
      new TransactWriteItemsRequestBuilder(client)
        .update(tasks, (b) => b.withKey({ taskId: 'a1' }).set('SET label = {0}', foreign))
        .execute(),
    );
    await refusedAttempt(t, 'transaction update setValues', () =>
      new TransactWriteItemsRequestBuilder(client)
        .update(tasks, (b) => b.withKey({ taskId: 'a1' }).setValues({ label: foreign }))
        .execute(),
    );
    await tasks.update.withKey({ taskId: 'a1' }).set('SET label = {0}', 'TENANT#acme#LABEL#later').execute();
    await tasks.update.withKey({ taskId: 'a1' }).set('REMOVE label').execute();
  });
  const theirs = await runInTenantScope({ tenantId: 'other' }, () =>
    tasks.query.withIndex('ByLabel').where('label = {0}', foreign).all(),
  );
  t.deepEqual(theirs, [], "nothing of acme's is in other's index partition");
  t.is(await rawItem('acme', 'a2'), undefined, 'the refused batch wrote nothing');
  t.is(await rawItem('acme', 'a4'), undefined, 'the refused transaction wrote nothing');
  figures.add({ operations: 5, failuresVerifiedAbsent: 2 });
});

test("generated index key values: refused exactly when not the tenant's, through put, update, batch and transaction, before sending", async (t) => {
  const counting = countingClient();
  const counted = new Repository(Task, { client: counting, tableName: uniqueTableName('index-keys-counted') });
  const owns = (key: string) => key === 'TENANT#acme' || key.startsWith('TENANT#acme#');
  const value = fc.oneof(
    fc.string({ maxLength: 10 }).map((rest) => `TENANT#acme#${rest}`),
    fc.constantFrom('TENANT#acme', 'TENANT#acme2', 'TENANT#acm', 'tenant#acme#x', 'TENANT#acme＃x', ' TENANT#acme#x'),
    fc.string({ maxLength: 8 }).map((rest) => `TENANT#other#${rest}`),
    fc.string({ minLength: 1, maxLength: 16 }),
  );
  const uses = ['put', 'update', 'update-values', 'batch', 'tx-put', 'tx-update', 'tx-update-values'] as const;
  await fc.assert(
    fc.asyncProperty(value, fc.constantFrom(...uses), async (label, use) => {
      const request = (): Promise<unknown> => {
        switch (use) {
          case 'put':
            return counted.put.withItem(task('acme', 'p', { label })).execute();
          case 'update':
            return counted.update.withKey({ taskId: 'p' }).set('SET label = {0}', label).execute();
          case 'update-values':
            return counted.update.withKey({ taskId: 'p' }).setValues({ label }).execute();
          case 'tx-update-values':
            return new TransactWriteItemsRequestBuilder(counting)
              .update(counted, (b) => b.withKey({ taskId: 'p' }).setValues({ label }))
              .execute();
          case 'batch':
            return new BatchWriteItemRequestBuilder(counting)
              .put(counted, (b) => b.withItem(task('acme', 'p', { label })))
              .execute();
          case 'tx-put':
            return new TransactWriteItemsRequestBuilder(counting)
              .put(counted, (b) => b.withItem(task('acme', 'p', { label })))
              .execute();
          default:
            return new TransactWriteItemsRequestBuilder(counting)
              .update(counted, (b) => b.withKey({ taskId: 'p' }).set('SET label = {0}', label))
              .execute();
        }
      };
      const before = counting.sent;
      const error = await runInTenantScope({ tenantId: 'acme' }, async () => request()).then(
        () => undefined,
        (e: unknown) => e,
      );
      figures.operations += 1;
      if (!(error instanceof FluentDynamoError)) throw new Error(`not a named error: ${String(error)}`);
      const refused = error instanceof TenantIsolationError;
      if (refused && counting.sent !== before) throw new Error('refused after sending');
      if (refused !== !owns(label)) throw new Error(`${use} of label ${JSON.stringify(label)}: refused=${refused}`);
      if (refused) figures.isolationAttacks += 1;
    }),
    { numRuns: RUNS },
  );
  t.pass();
});

test('key template parts cannot be updated, in a scope or not, and the composite index key is not writable directly', (t) => {
  for (const template of [
    'SET tenantId = {0}',
    'SET tenantId = {0}, title = {1}',
    'REMOVE tenantId',
    'SET taskId = {0}',
  ]) {
    const values = template.includes('{1}') ? ['other', 'x'] : template.includes('{0}') ? ['other'] : [];
    const error = t.throws(() => tasks.update.withKey({ tenantId: 'acme', taskId: 't1' }).set(template, ...values), {
      instanceOf: ExpressionError,
    });
    t.regex(error?.message ?? '', /part of the item's key/);
    t.throws(
      () =>
        runInTenantScope({ tenantId: 'acme' }, () => tasks.update.withKey({ taskId: 't1' }).set(template, ...values)),
      { instanceOf: ExpressionError },
    );
    figures.isolationAttacks += 2;
  }
  for (const values of [{ tenantId: 'other' }, { tenantId: 'other', title: 'x' }, { taskId: 't9' }]) {
    const error = t.throws(() => tasks.update.withKey({ tenantId: 'acme', taskId: 't1' }).setValues(values), {
      instanceOf: ExpressionError,
    });
    t.regex(error?.message ?? '', /part of the item's key/);
    t.throws(
      () => runInTenantScope({ tenantId: 'acme' }, () => tasks.update.withKey({ taskId: 't1' }).setValues(values)),
      { instanceOf: ExpressionError },
    );
    figures.isolationAttacks += 2;
  }
});

test('a stored key part that disagrees with the key is a MappingError when read, never silently preferred', async (t) => {
  // What an update of tenantId (refused now) or another tool could have stored.
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        pk: { S: 'TENANT#acme' },
        sk: { S: 'TASK#c1' },
        tenantId: { S: 'other' },
        taskId: { S: 'c1' },
        title: { S: 'corrupted' },
        status: { S: 'open' },
      },
    }),
  );
  const error = await t.throwsAsync(tasks.get.withKey({ tenantId: 'acme', taskId: 'c1' }).execute(), {
    instanceOf: MappingError,
  });
  t.regex(error?.message ?? '', /tenantId is stored as "other" but key pk = "TENANT#acme" says "acme"/);
  await t.throwsAsync(tasks.query.where('pk = {0}' as string, 'TENANT#acme').all(), { instanceOf: MappingError });
  // An index key that disagrees with its part is corrupted as well.
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        pk: { S: 'TENANT#acme' },
        sk: { S: 'TASK#c2' },
        tenantId: { S: 'acme' },
        taskId: { S: 'c2' },
        title: { S: 'stale index key' },
        status: { S: 'open' },
        assignee: { S: 'carol' },
        gsi1pk: { S: 'TENANT#acme#ASSIGNEE#bob' },
      },
    }),
  );
  await t.throwsAsync(tasks.get.withKey({ tenantId: 'acme', taskId: 'c2' }).execute(), {
    instanceOf: MappingError,
    message: /assignee is stored as "carol"/,
  });
  // Agreeing parts read back as before, and a key part with a field initialiser takes the key's value.
  await tasks.put.withItem(task('acme', 'c3', { assignee: 'dan' })).execute();
  t.like(await rawItem('acme', 'c3'), { tenantId: 'acme', taskId: 'c3', assignee: 'dan' });
  figures.add({ operations: 5, badInputs: 2 });
});

test('composite index keys that cannot work are refused when the class is compiled, naming class and index', (t) => {
  @Table('bad')
  @PartitionKey({ attribute: 'pk', template: 'T#{tenantId}' })
  @Index('NoTemplate', { role: 'partition', attribute: 'gsi1pk' })
  class NoTemplate {
    @Attribute() tenantId!: string;
  }
  t.throws(() => new Repository(NoTemplate, { client, tableName: 'bad' }), {
    instanceOf: MetadataError,
    message: /@Index\('NoTemplate'\) on class NoTemplate needs a template and an attribute/,
  });

  @Table('bad')
  @PartitionKey({ attribute: 'pk', template: 'T#{tenantId}' })
  @Index('Clash', { role: 'partition', attribute: 'tenantId', template: 'T#{tenantId}' })
  class Clash {
    @Attribute() tenantId!: string;
  }
  t.throws(() => new Repository(Clash, { client, tableName: 'bad' }), {
    instanceOf: MetadataError,
    message: /stores its composite key as 'tenantId', which is already an attribute/,
  });

  @Table('bad')
  @PartitionKey({ attribute: 'pk', template: 'T#{tenantId}' })
  @Index('Undecorated', { role: 'partition', attribute: 'gsi1pk', template: 'T#{tenantId}#{owner}' })
  class Undecorated {
    @Attribute() tenantId!: string;
    owner?: string;
  }
  t.throws(() => new Repository(Undecorated, { client, tableName: 'bad' }), {
    instanceOf: MetadataError,
    message: /template uses owner: decorate it with @Attribute\(\)/,
  });

  class OnProperty {
    @Attribute() tenantId!: string;
  }
  t.throws(
    () => {
      @Table('bad')
      @PartitionKey({ attribute: 'pk', template: 'T#{tenantId}' })
      class Misplaced extends OnProperty {
        @Attribute() @Index('X', { role: 'partition', template: 'T#{tenantId}' }) owner?: string;
      }
      return new Repository(Misplaced, { client, tableName: 'bad' });
    },
    { instanceOf: MetadataError, message: /put composite index keys on the class/ },
  );
});

// setValues(): an update written as an object of entity properties, converted as put converts them,
// combinable with a template and a condition, refused (before sending) where set() would refuse.
import 'reflect-metadata';
import { CreateTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import {
  Attribute,
  ConditionalCheckFailedError,
  CreatedAt,
  createTable,
  DynamoDbTable,
  ExpressionError,
  Index,
  InvalidRequestError,
  MappingError,
  PartitionKey,
  Repository,
  SortKey,
  Table,
  TransactWriteItemsRequestBuilder,
  UpdatedAt,
  Version,
  waitForTable,
} from '../../src/index.js';
import { Address, KitchenSink, OrderLine } from '../fixtures/entities.js';
import { countingClient } from '../reliability/support/clients.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

@Table('profiles')
class Profile {
  @PartitionKey({ attribute: 'pk', prefix: 'PROFILE' }) profileId!: string;
  @Attribute() name?: string;
  @Attribute({ name: 'display-name' }) displayName?: string;
  @Attribute() status?: 'active' | 'inactive';
  @Attribute() visits?: number;
  @Attribute() nickname?: string | null;
  @Attribute() address?: Address;
  @CreatedAt() created?: Date;
  @UpdatedAt() updated?: Date;
  @Version() version?: number;

  greet(): string {
    return `Hello, ${this.name}`;
  }
}

@Table('tasks')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'TASK#{taskId}' })
@Index('ByAssignee', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#ASSIGNEE#{assignee}' })
@Index('ByAssignee', { role: 'sort', attribute: 'gsi1sk', template: 'STATUS#{status}#TASK#{taskId}' })
class Task {
  @Attribute() tenantId!: string;
  @Attribute() taskId!: string;
  @Attribute() title?: string;
  @Attribute() status?: string;
  @Attribute() assignee?: string;
  @Attribute() @Index('ByLabel', { role: 'partition' }) label?: string;
}

const client = testClient();
test.after.always(() => client.destroy());
const profiles = new Repository(Profile, { client, tableName: uniqueTableName('profiles') });
const sinks = new Repository(KitchenSink, { client, tableName: uniqueTableName('sink') });
const tasks = new Repository(Task, { client, tableName: uniqueTableName('tasks') });
const lines = new Repository(OrderLine, { client, tableName: uniqueTableName('lines') });
const records = new DynamoDbTable(client, uniqueTableName('records'), { partitionKey: 'pk' });

test.before(async () => {
  await Promise.all([
    createTable(client, Profile, { tableName: profiles.tableName }),
    createTable(client, KitchenSink, { tableName: sinks.tableName }),
    createTable(client, Task, { tableName: tasks.tableName }),
    createTable(client, OrderLine, { tableName: lines.tableName }),
    client
      .send(
        new CreateTableCommand({
          TableName: records.tableName,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        }),
      )
      .then(() => waitForTable(client, records.tableName, 'ACTIVE')),
  ]);
});

async function rawItem(table: string, key: Record<string, { S: string } | { N: string }>) {
  const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }));
  return Item;
}

test('values are stored as put stores them and read back typed', async (t) => {
  const when = new Date('2030-01-02T03:04:05.678Z');
  const address = Object.assign(new Address(), { street: 'Main 1', zip: '12345', since: when });
  const { attributes } = await sinks.update
    .withKey({ id: 's1', rev: 1 })
    .setValues({
      text: 'hello',
      count: 3,
      flag: true,
      when,
      whenMs: when,
      tags: new Set(['a', 'b']),
      address,
      history: [address],
      piped: ['x', 'y'],
      nothing: null,
    })
    .returnValues('ALL_NEW')
    .execute();
  t.true(attributes instanceof KitchenSink);
  t.is(attributes?.text, 'hello');
  t.is(attributes?.count, 3);
  t.is(attributes?.when?.getTime(), when.getTime());
  t.is(attributes?.whenMs?.getTime(), when.getTime());
  t.deepEqual(attributes?.tags, new Set(['a', 'b']));
  t.true(attributes?.address instanceof Address);
  t.is(attributes?.address?.oneLine(), 'Main 1, 12345');
  t.is(attributes?.history?.[0]?.since?.getTime(), when.getTime());
  t.deepEqual(attributes?.piped, ['x', 'y']);
  t.is(attributes?.nothing, null);

  const raw = await rawItem(sinks.tableName, { id: { S: 's1' }, rev: { N: '1' } });
  t.deepEqual(raw?.when, { S: '2030-01-02T03:04:05.678Z' });
  t.deepEqual(raw?.whenMs, { N: String(when.getTime()) });
  t.deepEqual(raw?.address?.M?.zip_code, { S: '12345' }, 'nested stored names');
  t.deepEqual(raw?.piped, { S: 'x|y' }, 'custom converter');
  t.deepEqual(raw?.nothing, { NULL: true });
  // Byte for byte what put stores for the same values.
  const put = sinks.put
    .withItem(Object.assign(new KitchenSink(), { id: 's1', rev: 1, when, whenMs: when, address, piped: ['x', 'y'] }))
    .toInput();
  for (const name of ['when', 'whenMs', 'address', 'piped']) t.deepEqual(raw?.[name], put.Item?.[name], name);
});

test('stored names and reserved words are written as stored; undefined properties are skipped; null stores NULL', async (t) => {
  await profiles.put
    .withItem(Object.assign(new Profile(), { profileId: 'p1', name: 'Old', nickname: 'kept', status: 'active' }))
    .execute();
  const builder = profiles.update
    .withKey({ profileId: 'p1' })
    .setValues({ name: 'Jane', displayName: 'Jane D.', status: undefined });
  const input = builder.toInput();
  const names = Object.values(input.ExpressionAttributeNames ?? {});
  t.true(names.includes('display-name'));
  t.true(names.includes('name'));
  t.false(names.includes('status'), 'an undefined property writes nothing');
  await builder.execute();
  const { item } = await profiles.get.withKey({ profileId: 'p1' }).consistentRead().execute();
  t.true(item instanceof Profile);
  t.is(item?.greet(), 'Hello, Jane');
  t.is(item?.displayName, 'Jane D.');
  t.is(item?.status, 'active', 'left as it was');
  t.is(item?.nickname, 'kept');

  await profiles.update.withKey({ profileId: 'p1' }).setValues({ nickname: null }).execute();
  const raw = await rawItem(profiles.tableName, { pk: { S: 'PROFILE#p1' } });
  t.deepEqual(raw?.nickname, { NULL: true });
  t.deepEqual(raw?.['display-name'], { S: 'Jane D.' });
});

test('a value put would leave out (an empty set) removes the attribute', async (t) => {
  await sinks.update
    .withKey({ id: 's2', rev: 1 })
    .setValues({ tags: new Set(['a']), text: 'x' })
    .execute();
  const input = sinks.update.withKey({ id: 's2', rev: 1 }).setValues({ tags: new Set(), text: 'y' }).toInput();
  t.regex(input.UpdateExpression ?? '', /^SET #n0 = :v0 REMOVE #n1$/);
  await sinks.update.withKey({ id: 's2', rev: 1 }).setValues({ tags: new Set(), text: 'y' }).execute();
  const raw = await rawItem(sinks.tableName, { id: { S: 's2' }, rev: { N: '1' } });
  t.is(raw?.tags, undefined);
  t.deepEqual(raw?.text, { S: 'y' });
});

test('with a template, in either order: one UpdateExpression', async (t) => {
  await profiles.put.withItem(Object.assign(new Profile(), { profileId: 'p2', visits: 1 })).execute();
  const first = profiles.update
    .withKey({ profileId: 'p2' })
    .setValues({ name: 'Jane', status: 'active' })
    .set('ADD visits {0}', 1);
  const second = profiles.update
    .withKey({ profileId: 'p2' })
    .set('ADD visits {0}', 1)
    .setValues({ name: 'Jane', status: 'active' });
  const at = new Date('2030-01-01T00:00:00.000Z');
  for (const builder of [first, second]) {
    const expression = builder.toInput(at).UpdateExpression ?? '';
    t.is(expression.match(/\bSET\b/g)?.length, 1, expression);
    t.is(expression.match(/\bADD\b/g)?.length, 1, expression);
  }
  t.deepEqual(first.toInput(at), second.toInput(at), 'the order of the calls does not matter');
  await first.execute();
  const { attributes } = await second.returnValues('ALL_NEW').execute();
  t.is(attributes?.visits, 3);
  t.is(attributes?.name, 'Jane');
  t.is(attributes?.status, 'active');
  t.is(attributes?.version, 3);

  // With a SET clause in the template too, and a REMOVE of the values.
  const { attributes: after } = await profiles.update
    .withKey({ profileId: 'p2' })
    .set('SET visits = visits + {0} REMOVE nickname', 10)
    .setValues({ displayName: 'J' })
    .returnValues('ALL_NEW')
    .execute();
  t.is(after?.visits, 13);
  t.is(after?.displayName, 'J');
});

test('an attribute written by both the template and the values is an ExpressionError, in either order', (t) => {
  const key = profiles.update.withKey({ profileId: 'p3' });
  for (const attempt of [
    () => key.setValues({ name: 'a' }).set('SET name = {0}', 'b'),
    () => key.set('SET name = {0}', 'b').setValues({ name: 'a' }),
    () => key.setValues({ address: new Address() }).set('SET address.street = {0}', 'x'),
    () => key.set('REMOVE address.street').setValues({ address: new Address() }),
    () => key.set('SET visits = {0}', 1).setValues({ visits: 2 }),
  ]) {
    const error = t.throws(attempt, { instanceOf: ExpressionError });
    t.regex(
      error?.message ?? '',
      /^Profile: setValues\(\) writes '(name|address|visits)' and the update template .* too; .*overlap/,
    );
  }
});

test('with a condition', async (t) => {
  await profiles.put.withItem(Object.assign(new Profile(), { profileId: 'p4', status: 'inactive' })).execute();
  await t.throwsAsync(
    profiles.update.withKey({ profileId: 'p4' }).setValues({ name: 'x' }).where('status = {0}', 'active').execute(),
    { instanceOf: ConditionalCheckFailedError },
  );
  await profiles.update
    .withKey({ profileId: 'p4' })
    .setValues({ name: 'y', status: 'active' })
    .where('status = {0}', 'inactive')
    .execute();
  const { item } = await profiles.get.withKey({ profileId: 'p4' }).consistentRead().execute();
  t.is(item?.name, 'y');
  t.is(item?.status, 'active');
});

test('managed attributes: @UpdatedAt and @CreatedAt set unless the values write them, @Version incremented and checked', async (t) => {
  const at = new Date('2031-05-06T07:08:09.000Z');
  const input = profiles.update.withKey({ profileId: 'p5' }).setValues({ name: 'n' }).toInput(at);
  t.regex(input.UpdateExpression ?? '', /if_not_exists/);
  const { attributes } = await profiles.update
    .withKey({ profileId: 'p5' })
    .setValues({ name: 'n' })
    .returnValues('ALL_NEW')
    .execute();
  t.is(attributes?.version, 1);
  t.true(attributes?.created instanceof Date);
  t.true(attributes?.updated instanceof Date);
  const stamp = new Date('2020-01-01T00:00:00.000Z');
  const { attributes: again } = await profiles.update
    .withKey({ profileId: 'p5' })
    .setValues({ updated: stamp })
    .expectVersion(1)
    .returnValues('ALL_NEW')
    .execute();
  t.is(again?.updated?.getTime(), stamp.getTime(), 'the values wrote the timestamp');
  t.is(again?.created?.getTime(), attributes?.created?.getTime(), 'created is kept');
  t.is(again?.version, 2);
  await t.throwsAsync(
    profiles.update.withKey({ profileId: 'p5' }).setValues({ name: 'late' }).expectVersion(1).execute(),
    { instanceOf: ConditionalCheckFailedError },
  );
});

test('composite index keys are rewritten when the values set their parts', async (t) => {
  await tasks.put
    .withItem(
      Object.assign(new Task(), { tenantId: 'acme', taskId: 't1', title: 'x', status: 'open', assignee: 'bob' }),
    )
    .execute();
  await tasks.update
    .withKey({ tenantId: 'acme', taskId: 't1' })
    .setValues({ assignee: 'carol', status: 'done' })
    .execute();
  const raw = await rawItem(tasks.tableName, { pk: { S: 'TENANT#acme' }, sk: { S: 'TASK#t1' } });
  t.deepEqual(raw?.gsi1pk, { S: 'TENANT#acme#ASSIGNEE#carol' });
  t.deepEqual(raw?.gsi1sk, { S: 'STATUS#done#TASK#t1' });
  const found = await tasks.query
    .withIndex('ByAssignee')
    .where('gsi1pk = {0}' as string, 'TENANT#acme#ASSIGNEE#carol')
    .all();
  t.is(found.length, 1);

  // With a template too: the parts the values write, and those the template writes, both make the key.
  await tasks.update
    .withKey({ tenantId: 'acme', taskId: 't1' })
    .set('SET title = {0}', 'y')
    .setValues({ status: 'review' })
    .execute();
  const after = await rawItem(tasks.tableName, { pk: { S: 'TENANT#acme' }, sk: { S: 'TASK#t1' } });
  t.deepEqual(after?.gsi1sk, { S: 'STATUS#review#TASK#t1' });
  await tasks.update
    .withKey({ tenantId: 'acme', taskId: 't1' })
    .setValues({ title: 'z' })
    .set('SET status = {0}', 'closed')
    .execute();
  const closed = await rawItem(tasks.tableName, { pk: { S: 'TENANT#acme' }, sk: { S: 'TASK#t1' } });
  t.deepEqual(closed?.gsi1sk, { S: 'STATUS#closed#TASK#t1' });
  t.deepEqual(closed?.title, { S: 'z' });

  // An empty index key leaves the index, as put leaves it out: a plain index key is removed, an empty part
  // is stored as put stores it and its composite key removed.
  await tasks.update.withKey({ tenantId: 'acme', taskId: 't1' }).setValues({ assignee: '', label: '' }).execute();
  const left = await rawItem(tasks.tableName, { pk: { S: 'TENANT#acme' }, sk: { S: 'TASK#t1' } });
  t.is(left?.gsi1pk, undefined);
  t.deepEqual(left?.assignee, { S: '' });
  t.is(left?.label, undefined);
  const put = tasks.put
    .withItem(Object.assign(new Task(), { tenantId: 'acme', taskId: 't1', assignee: '', label: '' }))
    .toInput();
  t.is(put.Item?.gsi1pk, undefined);
  t.deepEqual(put.Item?.assignee, { S: '' });
  t.is(put.Item?.label, undefined);
});

test('refusals name the problem and send nothing', async (t) => {
  const counting = countingClient();
  const counted = new Repository(Profile, { client: counting, tableName: 'never-sent' });
  const countedTasks = new Repository(Task, { client: counting, tableName: 'never-sent' });
  const countedSinks = new Repository(KitchenSink, { client: counting, tableName: 'never-sent' });
  const countedLines = new Repository(OrderLine, { client: counting, tableName: 'never-sent' });
  const cases: Array<[string, () => unknown, new (...args: never[]) => Error, string | RegExp]> = [
    [
      'key property',
      () => counted.update.withKey({ profileId: 'p' }).setValues({ profileId: 'q' }),
      ExpressionError,
      "Profile: 'pk' is a key attribute; DynamoDB cannot update keys",
    ],
    [
      'key attribute by its stored name',
      () => counted.update.withKey({ profileId: 'p' }).setValues({ pk: 'PROFILE#q' } as Partial<Profile>),
      ExpressionError,
      "Profile: 'pk' is a key attribute; DynamoDB cannot update keys",
    ],
    [
      'key template part',
      () => countedLines.update.withKey({ tenantId: 'a', orderId: 'o', line: 1 }).setValues({ tenantId: 'b' }),
      ExpressionError,
      "OrderLine: 'tenantId' is part of the item's key, so changing it would leave the key saying otherwise; " +
        'to move the item, delete it and put it under its new key (in one transaction)',
    ],
    [
      'composite index key',
      () =>
        countedTasks.update
          .withKey({ tenantId: 'a', taskId: 't' })
          .setValues({ gsi1pk: 'TENANT#a#ASSIGNEE#x' } as Partial<Task>),
      ExpressionError,
      "Task: 'gsi1pk' is a composite index key, written from its parts; set those instead",
    ],
    [
      '@Version',
      () => counted.update.withKey({ profileId: 'p' }).setValues({ version: 7 }),
      ExpressionError,
      "Profile: 'version' is the @Version attribute, which update increments itself; use expectVersion(n) to check it",
    ],
    [
      'undeclared properties',
      () => counted.update.withKey({ profileId: 'p' }).setValues({ name: 'x', age: 3, mood: 'ok' } as Partial<Profile>),
      MappingError,
      'Profile: setValues() was given age, mood, which are not declared attributes of Profile: ' +
        'an item written with them would not read back (declare them with @Attribute())',
    ],
    [
      'a value the converter refuses',
      () => countedSinks.update.withKey({ id: 'a', rev: 1 }).setValues({ tags: ['a'] as unknown as Set<string> }),
      MappingError,
      /^KitchenSink\.tags: expected a Set, got /,
    ],
    [
      'an invalid Date',
      () => countedSinks.update.withKey({ id: 'a', rev: 1 }).setValues({ when: new Date(Number.NaN) }),
      MappingError,
      /^KitchenSink\.when: /,
    ],
    [
      'not an object',
      () => counted.update.withKey({ profileId: 'p' }).setValues(null as unknown as Partial<Profile>),
      MappingError,
      'Profile: setValues() needs an object of properties, got null',
    ],
    [
      'an empty object',
      () => counted.update.withKey({ profileId: 'p' }).setValues({}).execute(),
      InvalidRequestError,
      'Profile: setValues() was given no property to write (undefined properties are skipped): pass at least one, or give a template to set(...)',
    ],
    [
      'only undefined properties',
      () => counted.update.withKey({ profileId: 'p' }).setValues({ name: undefined }).execute(),
      InvalidRequestError,
      'Profile: setValues() was given no property to write (undefined properties are skipped): pass at least one, or give a template to set(...)',
    ],
  ];
  for (const [what, attempt, errorClass, message] of cases) {
    const error = await Promise.resolve()
      .then(attempt)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    t.true(error instanceof errorClass, `${what}: ${String(error)}`);
    if (typeof message === 'string') t.is((error as Error).message, message, what);
    else t.regex((error as Error).message, message, what);
  }
  const refusedValue = await Promise.resolve()
    .then(() => countedSinks.update.withKey({ id: 'a', rev: 1 }).setValues({ count: 'three' as unknown as number }))
    .catch((e: unknown) => e);
  t.like(refusedValue, { entity: 'KitchenSink', property: 'count' });
  t.is(counting.sent, 0, 'nothing was sent');
  // An empty object with a template is the template alone.
  const input = counted.update.withKey({ profileId: 'p' }).setValues({}).set('SET name = {0}', 'x').toInput();
  t.is(Object.keys(input.ExpressionAttributeNames ?? {}).length, 4, 'name and the managed attributes');
  t.true(Object.values(input.ExpressionAttributeValues ?? {}).some((v) => v.S === 'x'));
});

test('setValues twice merges, a later value winning; an undefined later value keeps the earlier', async (t) => {
  const { attributes } = await profiles.update
    .withKey({ profileId: 'p6' })
    .setValues({ name: 'first', status: 'active' })
    .setValues({ name: 'second', displayName: 'D', status: undefined })
    .returnValues('ALL_NEW')
    .execute();
  t.is(attributes?.name, 'second');
  t.is(attributes?.status, 'active');
  t.is(attributes?.displayName, 'D');
  // Builders stay immutable: the first builder still writes its own values.
  const base = profiles.update.withKey({ profileId: 'p6' }).setValues({ name: 'base' });
  base.setValues({ name: 'other' });
  t.is(Object.values(base.toInput().ExpressionAttributeValues ?? {}).filter((v) => v.S === 'other').length, 0);
});

test('untyped tables: plain records converted by runtime type, keys refused', async (t) => {
  const when = new Date('2030-01-01T00:00:00.000Z');
  const { attributes } = await records.update
    .withKey({ pk: 'r1' })
    .setValues({ name: 'x', tags: new Set(['a']), when, data: { n: 1 }, gone: undefined })
    .set('ADD visits {0}', 2)
    .returnValues('ALL_NEW')
    .execute();
  t.deepEqual(attributes, {
    pk: 'r1',
    name: 'x',
    tags: new Set(['a']),
    when: when.toISOString(),
    data: { n: 1 },
    visits: 2,
  });
  t.throws(() => records.update.withKey({ pk: 'r1' }).setValues({ pk: 'r2' }), {
    instanceOf: ExpressionError,
    message: `${records.tableName}: 'pk' is a key attribute; DynamoDB cannot update keys`,
  });
  t.throws(() => records.update.withKey({ pk: 'r1' }).setValues({ f: () => 1 }), {
    instanceOf: MappingError,
    message: /\.f: a function cannot be stored in DynamoDB$/,
  });
});

test('in a transaction', async (t) => {
  await new TransactWriteItemsRequestBuilder(client)
    .update(profiles, (b) => b.withKey({ profileId: 'p7' }).setValues({ name: 'tx', status: 'active' }))
    .update(profiles, (b) =>
      b
        .withKey({ profileId: 'p8' })
        .setValues({ name: 'tx2' })
        .set('ADD visits {0}', 5)
        .where('attribute_not_exists(pk)' as string),
    )
    .execute();
  const one = await profiles.get.withKey({ profileId: 'p7' }).consistentRead().execute();
  t.like(one.item, { name: 'tx', status: 'active', version: 1 });
  const two = await profiles.get.withKey({ profileId: 'p8' }).consistentRead().execute();
  t.like(two.item, { name: 'tx2', visits: 5 });
  t.throws(
    () =>
      new TransactWriteItemsRequestBuilder(client).update(profiles, (b) =>
        b.withKey({ profileId: 'p7' }).setValues({ profileId: 'p9' }),
      ),
    { instanceOf: ExpressionError },
  );
});

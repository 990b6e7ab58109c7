import test from 'ava';
import { TransactGetItemsRequestBuilder } from '../../src/builders/transact-get/transact-get-items-builder.js';
import { createTable, fieldsOf, InvalidRequestError, Repository, runWithClient } from '../../src/index.js';
import { Event, newEvent } from '../batch/entities.js';
import { refusingClient } from '../batch/helpers.js';
import { newUser, User } from '../fixtures/entities.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

const client = testClient();
const users = new Repository(User, { client, tableName: uniqueTableName('tg-users') });
const events = new Repository(Event, { client, tableName: uniqueTableName('tg-events') });
const UserFields = fieldsOf(User);

test.before(async () => {
  await Promise.all([
    createTable(client, User, { tableName: users.tableName }),
    createTable(client, Event, { tableName: events.tableName }),
  ]);
  await users.put.withItem(newUser('g1')).execute();
  await users.put.withItem(newUser('g2')).execute();
  await events.put.withItem(newEvent('g', 1)).execute();
});

test('gets across repositories come back as entity instances in request order', async (t) => {
  const result = await new TransactGetItemsRequestBuilder(client)
    .get(users, (b) => b.withKey({ userId: 'g2' }))
    .get(events, (b) => b.withKey({ stream: 'g', seq: 1 }))
    .get(users, (b) => b.withKey({ userId: 'missing' }))
    .get(users, (b) => b.withKey({ userId: 'g1' }).withProjection(UserFields.name))
    .returnConsumedCapacity()
    .execute();
  const [g2, event, missing, g1] = result.items as [User, Event, undefined, User];
  t.true(g2 instanceof User);
  t.is(g2.greet(), 'Hello, Name g2');
  t.true(event instanceof Event);
  t.is(event.describe(), 'g/1');
  t.is(missing, undefined);
  t.is(g1.name, 'Name g1');
  t.is(g1.email as string | undefined, undefined, 'projected out');
  t.deepEqual(
    result.inRequestOrder(users).map((u) => u?.userId),
    ['g2', undefined, undefined],
  );
  t.deepEqual(
    result.itemsOf(users).map((u) => u.name),
    ['Name g2', 'Name g1'],
  );
  t.true((result.consumedCapacity?.length ?? 0) > 0);
});

test('more than 100 gets are refused before anything is sent', (t) => {
  const spy = refusingClient();
  const tx = new TransactGetItemsRequestBuilder(spy);
  for (let i = 0; i < 100; i++) tx.get(events, (b) => b.withKey({ stream: 'g', seq: i }));
  t.throws(() => tx.get(events, (b) => b.withKey({ stream: 'g', seq: 100 })), {
    instanceOf: InvalidRequestError,
    message: /at most 100 operations/,
  });
  t.is(spy.sent, 0);
});

test('two gets of one item are refused when added (DynamoDB refuses them too)', (t) => {
  const tx = new TransactGetItemsRequestBuilder(client).get(events, (b) => b.withKey({ stream: 'g', seq: 1 }));
  t.throws(() => tx.get(events, (b) => b.withKey({ stream: 'g', seq: 1 }).withProjection('payload')), {
    instanceOf: InvalidRequestError,
    message: /#0 \(Get\) and #1 \(Get\) both address Event/,
  });
});

test('an empty TransactGet is refused', async (t) => {
  await t.throwsAsync(new TransactGetItemsRequestBuilder(client).execute(), { instanceOf: InvalidRequestError });
});

test('client precedence: withClient > runWithClient > constructor', async (t) => {
  const other = testClient();
  await createTable(other, User, { tableName: users.tableName });
  await users.put
    .withItem(newUser('g1', { name: 'other g1' }))
    .withClient(other)
    .execute();
  const tx = new TransactGetItemsRequestBuilder(client).get(users, (b) => b.withKey({ userId: 'g1' }));
  const name = async (b: TransactGetItemsRequestBuilder) => ((await b.execute()).items[0] as User | undefined)?.name;
  t.is(await name(tx), 'Name g1');
  t.is(await runWithClient(other, () => name(tx)), 'other g1');
  t.is(await runWithClient(client, () => name(tx.withClient(other))), 'other g1');
  const perOp = new TransactGetItemsRequestBuilder(client).get(users, (b) =>
    b.withKey({ userId: 'g1' }).withClient(other),
  );
  t.is(await name(perOp), 'other g1');
});

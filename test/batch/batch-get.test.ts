import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { BatchGetItemRequestBuilder } from '../../src/builders/batch-get/batch-get-item-builder.js';
import { BatchWriteItemRequestBuilder } from '../../src/builders/batch-write/batch-write-item-builder.js';
import {
  createTable,
  DynamoDbTable,
  fieldsOf,
  InvalidRequestError,
  keysOf,
  Repository,
  runWithClient,
} from '../../src/index.js';
import { forwardedKeys, pkOf } from '../fault-proxy/batch-faults.js';
import { startFaultProxy } from '../fault-proxy/fault-proxy.js';
import { newUser, User } from '../fixtures/entities.js';
import { testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';
import { Event, newEvent } from './entities.js';

// DynamoDB Local keeps one database per access key id: the proxy client below
// shares the direct client's key, so both see the same tables.
const accessKeyId = 'batchget1';
const client = testClient(accessKeyId);
const userTable = uniqueTableName('bg-users');
const eventTable = uniqueTableName('bg-events');
const users = new Repository(User, { client, tableName: userTable });
const events = new Repository(Event, { client, tableName: eventTable });
const UserFields = fieldsOf(User);
const UserKeys = keysOf(User);
const USERS = 500;
const EVENTS = 500;

test.before(async () => {
  await createTable(client, User, { tableName: userTable });
  await createTable(client, Event, { tableName: eventTable });
  const batch = new BatchWriteItemRequestBuilder(client).skipVersionChecks();
  for (let i = 0; i < USERS; i++) batch.put(users, (b) => b.withItem(newUser(`u${i}`)));
  for (let i = 0; i < EVENTS; i++) batch.put(events, (b) => b.withItem(newEvent(`s${i % 7}`, i)));
  await batch.execute();
});

function proxiedClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: process.env.DYNAMODB_REGION ?? 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'local' },
  });
}

test('batch get of 1,000 keys across two tables: requests of at most 100 keys, results per repository in request order', async (t) => {
  const proxy = await startFaultProxy(testEndpoint(), () => ({ kind: 'forward' }));
  t.teardown(() => proxy.close());
  const scoped = proxiedClient(proxy.endpoint);
  // Interleaved and reversed, so the order of results is the request's, not the table's.
  const batch = new BatchGetItemRequestBuilder(client);
  for (let i = USERS - 1; i >= 0; i--) {
    batch.get(users, (b) => b.withKey(UserFields.userId, UserKeys.pk(`u${i}`)));
    batch.get(events, (b) => b.withKey({ stream: `s${i % 7}`, seq: i }));
  }
  t.is(batch.size, 1_000);
  const result = await batch.withClient(scoped).execute();

  const gotUsers = result.itemsOf(users);
  const gotEvents = result.itemsOf(events);
  t.is(gotUsers.length, USERS);
  t.is(gotEvents.length, EVENTS);
  t.true(gotUsers.every((u) => u instanceof User));
  t.true(gotEvents.every((e) => e instanceof Event));
  t.deepEqual(
    gotUsers.map((u) => u.userId),
    Array.from({ length: USERS }, (_, i) => `u${USERS - 1 - i}`),
  );
  t.deepEqual(
    gotEvents.map((e) => e.describe()),
    Array.from({ length: EVENTS }, (_, i) => `s${(EVENTS - 1 - i) % 7}/${EVENTS - 1 - i}`),
  );
  t.is(gotUsers[0]?.greet(), `Hello, Name u${USERS - 1}`);
  t.is(result.items.length, 1_000);
  t.deepEqual(result.unprocessed, []);

  const calls = proxy.calls.filter((c) => c.operation === 'BatchGetItem');
  t.is(calls.length, 10, '1,000 keys need 10 requests of 100');
  for (const call of calls) {
    const entries = Object.values(call.body.RequestItems as Record<string, { Keys: unknown[] }>);
    t.true(entries.reduce((n, e) => n + e.Keys.length, 0) <= 100);
  }
  const keys = forwardedKeys(proxy.forwarded);
  t.is(new Set(keys).size, 1_000, 'every key sent once');
  t.is(keys.length, 1_000);
});

test('missing items are undefined in inRequestOrder and absent from itemsOf', async (t) => {
  const result = await new BatchGetItemRequestBuilder(client)
    .get(users, (b) => b.withKey({ userId: 'u1' }))
    .get(users, (b) => b.withKey({ userId: 'nobody' }))
    .get(users, (b) => b.withKey({ userId: 'u2' }))
    .execute();
  t.deepEqual(
    result.inRequestOrder(users).map((u) => u?.userId),
    ['u1', undefined, 'u2'],
  );
  t.deepEqual(
    result.itemsOf(users).map((u) => u.userId),
    ['u1', 'u2'],
  );
});

test('projection and consistent read per table; items are matched back by key even when the projection leaves the key out', async (t) => {
  const proxy = await startFaultProxy(testEndpoint(), () => ({ kind: 'forward' }));
  t.teardown(() => proxy.close());
  const result = await new BatchGetItemRequestBuilder(proxiedClient(proxy.endpoint))
    .get(users, (b) => b.withKey({ userId: 'u3' }).withProjection(UserFields.name))
    .get(users, (b) => b.withKey({ userId: 'u4' }).withProjection(UserFields.name))
    .get(events, (b) => b.withKey({ stream: 's0', seq: 7 }).consistentRead())
    .execute();
  const [u3, u4] = result.inRequestOrder(users);
  t.is(u3?.name, 'Name u3');
  t.is(u3?.userId, 'u3');
  t.is(u3?.email, undefined, 'projected out');
  t.is(u4?.name, 'Name u4');
  t.is(result.itemsOf(events)[0]?.payload, 'payload s0/7');
  const request = proxy.calls[0]?.body.RequestItems as Record<string, Record<string, unknown>>;
  t.is(request[eventTable]?.ConsistentRead, true);
  t.is(request[userTable]?.ConsistentRead, undefined);
  t.regex(String(request[userTable]?.ProjectionExpression), /#key0/);
});

test('one table read two ways goes into separate requests', async (t) => {
  const proxy = await startFaultProxy(testEndpoint(), () => ({ kind: 'forward' }));
  t.teardown(() => proxy.close());
  const result = await new BatchGetItemRequestBuilder(proxiedClient(proxy.endpoint))
    .get(users, (b) => b.withKey({ userId: 'u5' }).withProjection(UserFields.name))
    .get(users, (b) => b.withKey({ userId: 'u6' }))
    .get(users, (b) => b.withKey({ userId: 'u5' }))
    .execute();
  const [projected, full, sameKeyFull] = result.inRequestOrder(users);
  t.is(projected?.email, undefined);
  t.is(full?.email, 'u6@example.com');
  t.is(sameKeyFull?.email, 'u5@example.com');
  t.is(proxy.calls.length, 2);
});

test('a key asked for twice is read once and given to both gets, as separate instances', async (t) => {
  const proxy = await startFaultProxy(testEndpoint(), () => ({ kind: 'forward' }));
  t.teardown(() => proxy.close());
  const result = await new BatchGetItemRequestBuilder(proxiedClient(proxy.endpoint))
    .get(users, (b) => b.withKey({ userId: 'u7' }))
    .get(users, (b) => b.withKey(UserFields.userId, UserKeys.pk('u7')))
    .execute();
  const [a, b] = result.itemsOf(users);
  t.is(a?.userId, 'u7');
  t.is(b?.userId, 'u7');
  t.not(a, b);
  t.deepEqual(forwardedKeys(proxy.forwarded), [pkOf({ pk: { S: 'USER#u7' } })]);
});

test('itemsOf a repository the batch did not read is refused clearly', async (t) => {
  const other = new Repository(User, { client, tableName: userTable });
  const result = await new BatchGetItemRequestBuilder(client).get(users, (b) => b.withKey({ userId: 'u1' })).execute();
  const error = t.throws(() => result.itemsOf(other), { instanceOf: InvalidRequestError });
  t.regex(error.message, /same repository object/);
});

test('an empty batch sends nothing', async (t) => {
  const result = await new BatchGetItemRequestBuilder(client).execute();
  t.deepEqual(result.items, []);
});

test('a callback that does not return the builder, or a key that cannot be converted, fails when added', (t) => {
  const batch = new BatchGetItemRequestBuilder(client);
  t.throws(() => batch.get(users, ((b: unknown) => void b) as never), {
    instanceOf: InvalidRequestError,
    message: /must return the builder/,
  });
  t.throws(() => batch.get(users, (b) => b), { instanceOf: InvalidRequestError, message: /withKey/ });
  t.throws(() => batch.get(users, () => events.get.withKey({ stream: 's', seq: 1 }) as never), {
    instanceOf: InvalidRequestError,
    message: /added for User/,
  });
  t.is(batch.size, 0);
});

test('plain DynamoDbTable records work too', async (t) => {
  const table = new DynamoDbTable(client, userTable);
  const result = await new BatchGetItemRequestBuilder(client).get(table, (b) => b.withKey({ pk: 'USER#u8' })).execute();
  t.is(result.itemsOf(table)[0]?.email, 'u8@example.com');
});

// Client precedence: each client below has its own DynamoDB Local database, so the items found tell which one ran.
test.serial(
  'client precedence: withClient > runWithClient > constructor; operations must agree on one client',
  async (t) => {
    const other = testClient();
    await createTable(other, User, { tableName: userTable });
    await users.put
      .withItem(newUser('u1', { name: 'in other' }))
      .withClient(other)
      .execute();
    const batch = new BatchGetItemRequestBuilder(client).get(users, (b) => b.withKey({ userId: 'u1' }));
    const name = async (b: BatchGetItemRequestBuilder) => (await b.execute()).itemsOf(users)[0]?.name;

    t.is(await name(batch), 'Name u1', 'constructor client');
    t.is(await runWithClient(other, () => name(batch)), 'in other', 'ambient client, read at execute()');
    t.is(
      await runWithClient(client, () => name(batch.withClient(other))),
      'in other',
      'withClient wins over runWithClient',
    );
    t.is(await name(batch), 'Name u1', 'withClient returned a new builder');

    const perOperation = new BatchGetItemRequestBuilder(client).get(users, (b) =>
      b.withKey({ userId: 'u1' }).withClient(other),
    );
    t.is(
      await runWithClient(client, () => name(perOperation)),
      'in other',
      'an operation’s own withClient is explicit',
    );
    perOperation.get(users, (b) => b.withKey({ userId: 'u2' }).withClient(client));
    await t.throwsAsync(perOperation.execute(), {
      instanceOf: InvalidRequestError,
      message: /operation 1 .*another client/,
    });
    await t.throwsAsync(
      new BatchGetItemRequestBuilder(client)
        .get(users, (b) => b.withKey({ userId: 'u1' }).withClient(client))
        .withClient(other)
        .execute(),
      { instanceOf: InvalidRequestError, message: /one client/ },
    );
  },
);

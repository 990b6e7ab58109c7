import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { createTable, deleteTable, MetadataError, tableDefinitionOf } from '../../src/index.js';
import { OrderLine, User } from '../fixtures/entities.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

const client = testClient();

test('the table definition comes from metadata', (t) => {
  const input = tableDefinitionOf(User);
  t.is(input.TableName, 'users');
  t.deepEqual(input.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
  t.deepEqual(
    input.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema?.map((k) => k.AttributeName)]),
    [
      ['EmailIndex', ['email']],
      ['StatusIndex', ['status', 'createdAt']],
    ],
  );
  t.deepEqual(Object.fromEntries((input.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType])), {
    pk: 'S',
    email: 'S',
    status: 'S',
    createdAt: 'S',
  });
});

test('create with GSIs, LSIs and TTL; create again is a no-op; delete', async (t) => {
  const users = uniqueTableName('admin-users');
  t.true(await createTable(client, User, { tableName: users }));
  t.false(await createTable(client, User, { tableName: users }));
  const { Table } = await client.send(new DescribeTableCommand({ TableName: users }));
  t.is(Table?.TableStatus, 'ACTIVE');
  t.deepEqual(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort(), ['EmailIndex', 'StatusIndex']);
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: users }));
  t.is(ttl.TimeToLiveDescription?.AttributeName, 'expiresAt');
  t.is(ttl.TimeToLiveDescription?.TimeToLiveStatus, 'ENABLED');

  const lines = uniqueTableName('admin-lines');
  await createTable(client, OrderLine, { tableName: lines });
  const described = await client.send(new DescribeTableCommand({ TableName: lines }));
  t.deepEqual(
    described.Table?.LocalSecondaryIndexes?.map((i) => i.IndexName),
    ['ByPlaced'],
  );

  t.true(await deleteTable(client, users));
  t.false(await deleteTable(client, users));
  await deleteTable(client, lines);
});

test('the stream option enables a stream of the view type; an unknown view type is a MetadataError', async (t) => {
  t.deepEqual(tableDefinitionOf(User, { stream: 'NEW_AND_OLD_IMAGES' }).StreamSpecification, {
    StreamEnabled: true,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  });
  t.is(tableDefinitionOf(User).StreamSpecification, undefined);
  t.throws(() => tableDefinitionOf(User, { stream: 'EVERYTHING' as never }), { instanceOf: MetadataError });
  const name = uniqueTableName('admin-stream');
  await createTable(client, User, { tableName: name, stream: 'KEYS_ONLY' });
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  t.deepEqual(Table?.StreamSpecification, { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
  t.truthy(Table?.LatestStreamArn);
});

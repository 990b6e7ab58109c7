import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { ConditionalCheckFailedError, DynamoDbTable, MappingError, waitForTable } from '../../src/index.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

const client = testClient();
const tableName = uniqueTableName('records');
const table = new DynamoDbTable(client, tableName, { partitionKey: 'pk', sortKey: 'sk' });

test.before(async () => {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
    }),
  );
  await waitForTable(client, tableName, 'ACTIVE');
});

test('plain records: put, get, update, delete', async (t) => {
  await table.put
    .withItem({ pk: 'a', sk: 1, name: 'first', tags: new Set(['x']), when: new Date(0) })
    .where('attribute_not_exists(pk)')
    .execute();
  const { item } = await table.get.withKey('pk', 'a', 'sk', 1).execute();
  t.deepEqual(item, { pk: 'a', sk: 1, name: 'first', tags: new Set(['x']), when: new Date(0).toISOString() });
  await t.throwsAsync(table.put.withItem({ pk: 'a', sk: 1 }).where('attribute_not_exists(pk)').execute(), {
    instanceOf: ConditionalCheckFailedError,
  });
  const { attributes } = await table.update
    .withKey({ pk: 'a', sk: 1 })
    .set('SET name = {0}, data = {1}', 'second', { n: 1 })
    .returnValues('ALL_NEW')
    .execute();
  t.is(attributes?.name, 'second');
  t.deepEqual(attributes?.data, { n: 1 });
  await table.delete.withKey({ pk: 'a', sk: 1 }).where('name = {0}', 'second').execute();
  t.is((await table.get.withKey({ pk: 'a', sk: 1 }).execute()).item, undefined);
});

test('declared key attributes are checked', (t) => {
  t.throws(() => table.get.withKey({ pk: 'a', sk: 1, other: 2 }), { instanceOf: MappingError });
});

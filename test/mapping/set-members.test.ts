// DynamoDB tells set members apart by their stored value, a JavaScript Set by identity or type: two Uint8Arrays
// of the same bytes, 1 and 1n, 10n and 10 are two members of a Set but one of DynamoDB's, and sending both is a
// ValidationException ("Input collection contains duplicates") for the whole request, after a batch's earlier
// chunks landed. Each stored value is sent once, wherever a set is converted.
import 'reflect-metadata';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import {
  Attribute,
  BatchWriteItemRequestBuilder,
  createTable,
  DynamoDbTable,
  PartitionKey,
  Repository,
  SortKey,
  Table,
} from '../../src/index.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

@Table('shelves')
class Shelf {
  @PartitionKey({ attribute: 'pk' }) id!: string;
  @SortKey({ attribute: 'sk' }) n!: number;
  @Attribute({ type: Set }) blobs?: Set<Uint8Array>;
  @Attribute({ type: Set }) nums?: Set<number | bigint>;
  @Attribute({ type: Object }) extra?: unknown;
}

const client = testClient();
const tableName = uniqueTableName('set-members');
const shelves = new Repository(Shelf, { client, tableName });

test.before(() => createTable(client, Shelf, { tableName }));
test.after.always(() => client.destroy());

const shelf = (id: string, n: number, extra: Partial<Shelf> = {}) => Object.assign(new Shelf(), { id, n, ...extra });
const stored = async (id: string, n: number) =>
  (
    await client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: id }, sk: { N: String(n) } }, ConsistentRead: true }),
    )
  ).Item;

test('a put stores members of one stored value once: equal bytes, 1 and 1n, 10n and 10', async (t) => {
  await shelves.put
    .withItem(
      shelf('dup', 0, {
        blobs: new Set([Buffer.from('a'), Buffer.from('a'), new Uint8Array([98])]),
        nums: new Set<number | bigint>([1, 1n, 10n, 10, 2.5]),
        extra: { ids: new Set<number | bigint>([7n, 7]), keys: new Set([new Uint8Array([1]), new Uint8Array([1])]) },
      }),
    )
    .execute();
  const item = await stored('dup', 0);
  t.deepEqual(item?.blobs?.BS?.map((b) => Buffer.from(b).toString()).sort(), ['a', 'b']);
  t.deepEqual(item?.nums?.NS?.sort(), ['1', '10', '2.5']);
  t.deepEqual(item?.extra?.M?.ids?.NS, ['7']);
  t.is(item?.extra?.M?.keys?.BS?.length, 1);
  const { item: read } = await shelves.get.withKey({ id: 'dup', n: 0 }).consistentRead().execute();
  t.deepEqual([...(read?.nums ?? [])].sort(), [1, 10, 2.5]);
});

test('a batch of 60 with such a set in one item lands wholly', async (t) => {
  const batch = new BatchWriteItemRequestBuilder(client).concurrency(1);
  for (let i = 0; i < 60; i++) {
    const extra =
      i === 55 ? { nums: new Set<number | bigint>([1, 1n]), blobs: new Set([Buffer.from('x'), Buffer.from('x')]) } : {};
    batch.put(shelves, (b) => b.withItem(shelf('batch', i, extra)));
  }
  const result = await batch.execute();
  t.is(result.processed, 60);
  const landed = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'batch' } },
      Select: 'COUNT',
      ConsistentRead: true,
    }),
  );
  t.is(landed.Count, 60);
  t.deepEqual((await stored('batch', 55))?.nums, { NS: ['1'] });
});

test('update values and DynamoDbTable records send each stored value once', (t) => {
  const update = shelves.update
    .withKey({ id: 'u', n: 0 })
    .set('ADD blobs {0}', new Set([Buffer.from('x'), Buffer.from('x')]))
    .setValues({ nums: new Set<number | bigint>([2, 2n]) })
    .toInput();
  const values = Object.values(update.ExpressionAttributeValues ?? {});
  t.true(values.some((v) => v.BS?.length === 1));
  t.true(values.some((v) => v.NS !== undefined && v.NS.length === 1 && v.NS[0] === '2'));
  const table = new DynamoDbTable(client, tableName, { partitionKey: 'pk', sortKey: 'sk' });
  const put = table.put.withItem({ pk: 'r', sk: 0, ns: new Set<number | bigint>([0, 0n, -0]) }).toInput();
  t.deepEqual(put.Item?.ns, { NS: ['0'] });
});

// Against DynamoDB Local, through a Repository: numbers of more digits than a double holds read back exactly (as
// bigints) or are a MappingError saying how to read them, and an item read and put back stores the very same
// numbers; a stored date that is no date is a MappingError, not an Invalid Date.
import { type DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { Attribute, createTable, MappingError, PartitionKey, Repository, Table } from '../../src/index.js';
import { randomAlphanumeric, testClient, uniqueTableName } from '../support/dynamo.js';

@Table('ledgers')
class Ledger {
  @PartitionKey() id!: string;
  @Attribute({ type: BigInt }) account!: bigint;
  @Attribute({ type: Number }) balance?: number;
  @Attribute({ type: Object }) extra?: unknown;
  @Attribute({ type: Date }) openedAt?: Date;
}

const ACCOUNT = 1234567890123456789n; // 19 digits
const TWENTY_DIGITS = '98765432109876543210';

let client: DynamoDBClient;
let tableName: string;
let ledgers: Repository<Ledger>;

test.before(async () => {
  client = testClient(`n${randomAlphanumeric(12)}`);
  tableName = uniqueTableName('number-precision');
  await createTable(client, Ledger, { tableName });
  ledgers = new Repository(Ledger, { client, tableName });
});
test.after.always(() => client?.destroy());

const stored = async (id: string) =>
  (await client.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: id } }, ConsistentRead: true }))).Item;

test('a BigInt attribute reads exactly; a Number attribute beyond a double is a MappingError with the advice', async (t) => {
  await ledgers.put.withItem(Object.assign(new Ledger(), { id: 'l1', account: ACCOUNT })).execute();
  t.deepEqual((await stored('l1'))?.account, { N: '1234567890123456789' });
  t.is((await ledgers.get.withKey({ id: 'l1' }).consistentRead().execute()).item?.account, ACCOUNT);

  // Another tool stores a 20-digit number in the Number attribute.
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: { id: { S: 'l1' } },
      UpdateExpression: 'SET balance = :b',
      ExpressionAttributeValues: { ':b': { N: TWENTY_DIGITS } },
    }),
  );
  const error = await t.throwsAsync(ledgers.get.withKey({ id: 'l1' }).consistentRead().execute(), {
    instanceOf: MappingError,
  });
  t.regex(error.message, /^Ledger\.balance: /);
  t.true(error.message.includes(TWENTY_DIGITS));
  t.regex(error.message, /@Attribute\(\{ type: BigInt \}\)/);
  t.regex(error.message, /@Attribute\(\{ type: String \}\)/);
  t.is(error.property, 'balance');
});

test('an Object attribute holding a big integer reads as a bigint, and put back stores the same N', async (t) => {
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        id: { S: 'l2' },
        account: { N: '12345678901234567890123456789012345678' },
        extra: { M: { big: { N: TWENTY_DIGITS }, list: { L: [{ N: '1.5' }, { N: TWENTY_DIGITS }] } } },
      },
    }),
  );
  const { item } = await ledgers.get.withKey({ id: 'l2' }).consistentRead().execute();
  t.is(item?.account, 12345678901234567890123456789012345678n);
  t.deepEqual(item?.extra, { big: 98765432109876543210n, list: [1.5, 98765432109876543210n] });
  const before = await stored('l2');
  await ledgers.put.withItem(item as Ledger).execute();
  const after = await stored('l2');
  // The put adds the discriminator (_type); the numbers are stored exactly as before.
  t.deepEqual(
    { account: after?.account, extra: after?.extra },
    { account: before?.account, extra: before?.extra },
    'read and put back, the item stores exactly the same numbers',
  );
  t.deepEqual(after?.extra?.M?.big, { N: TWENTY_DIGITS });
});

test('a stored date that is no date is a MappingError naming the stored text', async (t) => {
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: { id: { S: 'l3' }, account: { N: '1' }, openedAt: { S: 'not a date' } },
    }),
  );
  const error = await t.throwsAsync(ledgers.get.withKey({ id: 'l3' }).consistentRead().execute(), {
    instanceOf: MappingError,
  });
  t.regex(error.message, /^Ledger\.openedAt: .*"not a date"/);
  t.is(error.property, 'openedAt');
});

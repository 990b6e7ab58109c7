// Optimistic locking at its edges, against DynamoDB Local:
// - a new item (version unset, or asNew()) is created only where no item is stored under its key, also where the
//   stored item has no version attribute (written before @Version was adopted, or by another tool);
// - a put's version must be what an item is read with: null (a JSON body) or a fraction is refused, and so is a
//   version whose successor is no longer exact (at 2^53, two writers of one copy would both pass the check).
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import {
  Attribute,
  createTable,
  InvalidRequestError,
  ItemExistsError,
  PartitionKey,
  Repository,
  Table,
  TransactionCanceledError,
  TransactWriteItemsRequestBuilder,
  Version,
} from '../../src/index.js';
import { countRequests } from '../fixtures/readings.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

@Table('version_edges')
class Note {
  @PartitionKey({ attribute: 'pk', prefix: 'NOTE' }) noteId!: string;
  @Attribute() title!: string;
  @Version() version?: number;
}

const client = testClient();
const requests = countRequests(client);
const tableName = uniqueTableName('version_edges');
const notes = new Repository(Note, { client, tableName });
const note = (noteId: string, extra: Partial<Note> = {}) =>
  Object.assign(new Note(), { noteId, title: noteId, ...extra });

test.before(() => createTable(client, Note, { tableName }));
test.after.always(() => client.destroy());

/** An item stored without a version attribute, as another tool or an older version of the app writes it. */
async function storeUnversioned(noteId: string): Promise<void> {
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: { pk: { S: `NOTE#${noteId}` }, title: { S: 'written before @Version' }, _type: { S: 'Note' } },
    }),
  );
}

async function storedTitle(noteId: string): Promise<string | undefined> {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: `NOTE#${noteId}` } }, ConsistentRead: true }),
  );
  return Item?.title?.S;
}

test('a new item does not replace a stored item that has no version attribute: ItemExistsError', async (t) => {
  await storeUnversioned('legacy');
  await t.throwsAsync(notes.put.withItem(note('legacy', { title: 'new' })).execute(), { instanceOf: ItemExistsError });
  await t.throwsAsync(
    notes.put
      .withItem(note('legacy', { title: 'moved', version: 7 }))
      .asNew()
      .execute(),
    {
      instanceOf: ItemExistsError,
    },
  );
  t.is(await storedTitle('legacy'), 'written before @Version');
});

test('a transaction that creates an item over an unversioned one is cancelled, and writes nothing', async (t) => {
  await storeUnversioned('legacy-tx');
  const error = await t.throwsAsync(
    new TransactWriteItemsRequestBuilder(client)
      .put(notes, (b) => b.withItem(note('legacy-tx', { title: 'new' })))
      .put(notes, (b) => b.withItem(note('fresh-tx')))
      .execute(),
    { instanceOf: TransactionCanceledError },
  );
  t.is(error?.reasons[0]?.code, 'ConditionalCheckFailed');
  t.is(await storedTitle('legacy-tx'), 'written before @Version');
  t.is(await storedTitle('fresh-tx'), undefined);
});

test('a new item where nothing is stored is created with version 1', async (t) => {
  const { item } = await notes.put.withItem(note('fresh')).execute();
  t.is(item.version, 1);
  t.is(await storedTitle('fresh'), 'fresh');
});

test("a put's version must be the integer the item was read with: null, fractions and 2^53 - 1 are refused before sending", async (t) => {
  const before = requests.count;
  for (const version of [null, 0.5, -1, Number.MAX_SAFE_INTEGER, 2 ** 53]) {
    const entity = note('bad-version', { version: version as number });
    const error = t.throws(
      () => notes.put.withItem(entity).toInput(),
      { instanceOf: InvalidRequestError },
      String(version),
    );
    t.regex(error?.message ?? '', /@Version property must be unset \(a new item\) or the non-negative integer/);
    // skipVersionCheck stores version + 1 all the same: the same value is refused.
    t.throws(() => notes.put.withItem(entity).skipVersionCheck().toInput(), { instanceOf: InvalidRequestError });
  }
  t.throws(() => notes.update.withKey({ noteId: 'n' }).expectVersion(Number.MAX_SAFE_INTEGER), {
    instanceOf: InvalidRequestError,
    message: /below 2\^53 - 1/,
  });
  t.is(requests.count, before, 'nothing sent');
  // The largest version that is still checked exactly.
  t.notThrows(() => notes.put.withItem(note('n', { version: Number.MAX_SAFE_INTEGER - 1 })).toInput());
});

// A KEYS_ONLY record (or a REMOVE of a NEW_IMAGE stream, which carries no image) is told apart by its key format
// only. When the key format of two given classes fits it, it is a change of one of them, but of which cannot be
// told: a StreamRecordError ('ambiguous') naming both, never skipped as if of no class given, never guessed.
import 'reflect-metadata';
import test from 'ava';
import { StreamRecordError } from '../../src/errors/errors.js';
import { Attribute, PartitionKey, Repository, SortKey, Table } from '../../src/index.js';
import type { DynamoDBRecord } from '../../src/streams/index.js';
import { changesOf, streamHandler } from '../../src/streams/index.js';
import { createTable } from '../../src/tables/table-admin.js';
import { followStream } from '../../src/testing/follow-stream.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { eventually } from './support.js';

@Table('stream_memos')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: '{itemId}' })
class Memo {
  @Attribute() tenantId!: string;
  @Attribute() itemId!: string;
  @Attribute() text!: string;
}

@Table('stream_memos')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: '{itemId}' })
class Draft {
  @Attribute() tenantId!: string;
  @Attribute() itemId!: string;
  @Attribute() text!: string;
}

const client = testClient();

test('a keys-only record whose key fits two given classes is an ambiguous-record error, in changesOf and the handler', async (t) => {
  const table = uniqueTableName('stream-ambiguous');
  await createTable(client, [Memo, Draft], { tableName: table, stream: 'KEYS_ONLY' });
  const records: DynamoDBRecord[] = [];
  const following = await followStream(client, table, (event) => void records.push(...event.Records));
  t.teardown(() => following.stop());
  await new Repository(Memo, { client, tableName: table }).put
    .withItem(Object.assign(new Memo(), { tenantId: 'acme', itemId: 'm1', text: 'hello' }))
    .execute();
  await eventually(() => records.length >= 1, 'the record');
  const event = { Records: records };

  const error = t.throws(() => changesOf(event, [Memo, Draft], { tableName: table }), {
    instanceOf: StreamRecordError,
  });
  t.is(error?.problem, 'ambiguous');
  t.regex(error?.message ?? '', /Memo.*Draft/);
  t.is(error?.sequenceNumber, records[0]?.dynamodb?.SequenceNumber);

  const failures: unknown[] = [];
  let calls = 0;
  const handler = streamHandler([Memo, Draft], () => void calls++, {
    tableName: table,
    onFailure: (e) => failures.push(e),
  });
  t.deepEqual(await handler(event), {
    batchItemFailures: [{ itemIdentifier: records[0]?.dynamodb?.SequenceNumber as string }],
  });
  t.is(calls, 0);
  t.is((failures[0] as StreamRecordError).problem, 'ambiguous');

  // One class given: its key format fits, the record is its change (the other class is not known to the caller).
  t.is(changesOf(event, [Memo], { tableName: table })[0]?.entity, Memo);
});

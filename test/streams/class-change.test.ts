// An item replaced at its key by an item of another class (a Draft put over by a Published) arrives as one MODIFY
// record whose old and new images name different classes. Each image is typed as its own class: the record is a
// REMOVE of the old class (its item went away) and an INSERT of the new one, never a MODIFY with the old image
// typed as the new class. With only one of the classes given, only its change is delivered.
import 'reflect-metadata';
import test from 'ava';
import { Attribute, PartitionKey, Repository, SortKey, Table } from '../../src/index.js';
import {
  changesOf,
  type DynamoDBRecord,
  type StreamImage,
  streamBatchHandler,
  streamHandler,
} from '../../src/streams/index.js';
import { createTable } from '../../src/tables/table-admin.js';
import { followStream } from '../../src/testing/follow-stream.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { handBuilt } from './records.js';
import { eventually } from './support.js';

const TABLE = 'stream_docs';

@Table(TABLE)
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'DOC#{docId}' })
class Draft {
  @Attribute() tenantId!: string;
  @Attribute() docId!: string;
  @Attribute() text!: string;
  @Attribute() editor?: string;
}

@Table(TABLE)
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'DOC#{docId}' })
class Published {
  @Attribute() tenantId!: string;
  @Attribute() docId!: string;
  @Attribute() text!: string;
  @Attribute({ type: Date }) publishedAt!: Date;
}

const keys: StreamImage = { pk: { S: 'TENANT#acme' }, sk: { S: 'DOC#d1' } };
const draftImage: StreamImage = {
  ...keys,
  _type: { S: 'Draft' },
  tenantId: { S: 'acme' },
  docId: { S: 'd1' },
  text: { S: 'draft text' },
  editor: { S: 'ann' },
};
const publishedImage: StreamImage = {
  ...keys,
  _type: { S: 'Published' },
  tenantId: { S: 'acme' },
  docId: { S: 'd1' },
  text: { S: 'final text' },
  publishedAt: { S: '2024-05-01T00:00:00.000Z' },
};
const published = () =>
  handBuilt(TABLE, 'MODIFY', 'NEW_AND_OLD_IMAGES', keys, { OldImage: draftImage, NewImage: publishedImage });

test('a MODIFY whose item changed class is a REMOVE of the old class and an INSERT of the new one', (t) => {
  const record = published();
  const changes = changesOf({ Records: [record] }, [Draft, Published]);
  t.deepEqual(
    changes.map((c) => [c.eventName, c.entity, c.keys, c.sequenceNumber, c.record.eventName, c.byTimeToLive]),
    [
      ['REMOVE', Draft, { tenantId: 'acme', docId: 'd1' }, record.dynamodb?.SequenceNumber, 'MODIFY', false],
      ['INSERT', Published, { tenantId: 'acme', docId: 'd1' }, record.dynamodb?.SequenceNumber, 'MODIFY', false],
    ],
  );
  const [removed, inserted] = changes;
  t.true(removed?.oldItem instanceof Draft);
  t.is(removed?.newItem, undefined);
  t.is((removed?.oldItem as Draft | undefined)?.editor, 'ann');
  t.is(inserted?.oldItem, undefined);
  t.true(inserted?.newItem instanceof Published);
  t.deepEqual((inserted?.newItem as Published | undefined)?.publishedAt, new Date('2024-05-01T00:00:00.000Z'));
  // As for any REMOVE and INSERT: every property of the one image.
  t.true(removed?.changed?.includes('editor'));
  t.false(inserted?.changed?.includes('editor'));
  t.true(inserted?.changed?.includes('publishedAt'));

  // A MODIFY within one class stays a MODIFY.
  const edited = handBuilt(TABLE, 'MODIFY', 'NEW_AND_OLD_IMAGES', keys, {
    OldImage: draftImage,
    NewImage: { ...draftImage, text: { S: 'more' } },
  });
  t.deepEqual(
    changesOf({ Records: [edited] }, [Draft, Published]).map((c) => [c.eventName, c.entity, c.changed]),
    [['MODIFY', Draft, ['text']]],
  );
});

test('an unmarked item (legacy data) that a write marks is an INSERT of its class, not a MODIFY', (t) => {
  const { _type, ...legacy } = draftImage;
  const record = handBuilt(TABLE, 'MODIFY', 'NEW_AND_OLD_IMAGES', keys, { OldImage: legacy, NewImage: draftImage });
  const changes = changesOf({ Records: [record] }, [Draft, Published]);
  t.deepEqual(
    changes.map((c) => [c.eventName, c.entity, c.oldItem]),
    [['INSERT', Draft, undefined]],
  );
});

test('with one of the two classes given, only its side of a class change is delivered', (t) => {
  const record = published();
  const drafts = changesOf({ Records: [record] }, [Draft]);
  t.deepEqual(
    drafts.map((c) => [c.eventName, c.entity]),
    [['REMOVE', Draft]],
  );
  t.true(drafts[0]?.oldItem instanceof Draft);
  t.deepEqual(drafts.skipped, []);

  const publications = changesOf({ Records: [record] }, [Published]);
  t.deepEqual(
    publications.map((c) => [c.eventName, c.entity]),
    [['INSERT', Published]],
  );
  t.true(publications[0]?.newItem instanceof Published);
  t.is(publications[0]?.oldItem, undefined);
});

test('the handlers run both changes of a class change and name its record once when they fail', async (t) => {
  const record = published();
  const seen: string[] = [];
  const handler = streamHandler([Draft, Published], (c) => void seen.push(`${c.eventName} ${c.entity.name}`));
  t.deepEqual(await handler({ Records: [record] }), { batchItemFailures: [] });
  t.deepEqual(seen, ['REMOVE Draft', 'INSERT Published']);

  const reported: unknown[] = [];
  const failing = streamBatchHandler(
    [Draft, Published],
    (changes) => {
      seen.push(changes.map((c) => c.entity.name).join('+'));
      throw new Error('index down');
    },
    { onFailure: (error) => reported.push(error) },
  );
  t.deepEqual(await failing({ Records: [record] }), {
    batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber as string }],
  });
  t.is(seen.at(-1), 'Draft+Published');
  t.is(reported.length, 1);
});

test('a Published put over a Draft at its key, read from a real stream', async (t) => {
  const client = testClient();
  const table = uniqueTableName('stream-class-change');
  await createTable(client, [Draft, Published], { tableName: table, stream: 'NEW_AND_OLD_IMAGES' });
  const records: DynamoDBRecord[] = [];
  const following = await followStream(client, table, (event) => void records.push(...event.Records));
  t.teardown(() => following.stop());
  await new Repository(Draft, { client, tableName: table }).put
    .withItem(Object.assign(new Draft(), { tenantId: 'acme', docId: 'd1', text: 'draft' }))
    .execute();
  await new Repository(Published, { client, tableName: table }).put
    .withItem(
      Object.assign(new Published(), {
        tenantId: 'acme',
        docId: 'd1',
        text: 'final',
        publishedAt: new Date('2024-05-01T00:00:00.000Z'),
      }),
    )
    .execute();
  await eventually(() => records.length >= 2, 'two records');
  const changes = changesOf({ Records: records }, [Draft, Published], { tableName: table });
  t.deepEqual(
    changes.map((c) => [c.record.eventName, c.eventName, c.entity, c.oldItem?.constructor, c.newItem?.constructor]),
    [
      ['INSERT', 'INSERT', Draft, undefined, Draft],
      ['MODIFY', 'REMOVE', Draft, Draft, undefined],
      ['MODIFY', 'INSERT', Published, undefined, Published],
    ],
  );
});

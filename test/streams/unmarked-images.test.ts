// The class of a record with an image is told by the image's discriminator. An image without one (legacy data, an
// item another tool wrote) is no item of a class that writes one, whatever its key looks like: it is skipped as
// 'unknown-type' (or refused), never delivered as a change of the class whose key format happens to fit. Key
// format alone tells records that carry no image (KEYS_ONLY, a REMOVE of a NEW_IMAGE stream), and items of
// classes declared without a discriminator.
import 'reflect-metadata';
import test from 'ava';
import { StreamRecordError } from '../../src/errors/errors.js';
import { Attribute, PartitionKey, SortKey, Table } from '../../src/index.js';
import { changesOf, type StreamImage, streamHandler } from '../../src/streams/index.js';
import { Note, Task } from './entities.js';
import { handBuilt } from './records.js';

const TABLE = 'stream_data';
const taskKeys: StreamImage = { pk: { S: 'TENANT#acme' }, sk: { S: 'TASK#t1' } };
/** A task as another tool wrote it: every attribute of a Task, but no `_type`. */
const unmarkedTask: StreamImage = {
  ...taskKeys,
  tenantId: { S: 'acme' },
  taskId: { S: 't1' },
  title: { S: 'imported' },
  done: { BOOL: false },
};

const unmarkedRecords = () => [
  handBuilt(TABLE, 'INSERT', 'NEW_IMAGE', taskKeys, { NewImage: unmarkedTask }),
  handBuilt(TABLE, 'MODIFY', 'NEW_AND_OLD_IMAGES', taskKeys, { OldImage: unmarkedTask, NewImage: unmarkedTask }),
  handBuilt(TABLE, 'REMOVE', 'OLD_IMAGE', taskKeys, { OldImage: unmarkedTask }),
];

test('an image without a discriminator is no change of a class that writes one: skipped as unknown-type', async (t) => {
  const records = unmarkedRecords();
  const changes = changesOf({ Records: records }, [Task, Note]);
  t.is(changes.length, 0);
  t.deepEqual(
    changes.skipped,
    records.map((r) => ({ sequenceNumber: r.dynamodb?.SequenceNumber, problem: 'unknown-type', table: TABLE })),
  );

  const refused = t.throws(() => changesOf({ Records: records }, [Task], { onUnknown: 'refuse' }), {
    instanceOf: StreamRecordError,
  });
  t.is(refused?.problem, 'unknown-type');

  let calls = 0;
  const handler = streamHandler([Task, Note], () => void calls++);
  t.deepEqual(await handler({ Records: records }), { batchItemFailures: [] });
  t.is(calls, 0);
  const refusing = streamHandler([Task], () => void calls++, {
    onUnknown: 'refuse',
    afterFailure: 'continue',
    onFailure: () => {},
  });
  t.deepEqual(await refusing({ Records: records }), {
    batchItemFailures: records.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber as string })),
  });
  t.is(calls, 0);
});

test('records that carry no image are still told apart by key format', (t) => {
  const noteKeys: StreamImage = { pk: { S: 'TENANT#acme' }, sk: { S: 'NOTE#n1' } };
  const changes = changesOf(
    {
      Records: [
        handBuilt(TABLE, 'INSERT', 'KEYS_ONLY', taskKeys),
        handBuilt(TABLE, 'REMOVE', 'NEW_IMAGE', noteKeys), // a NEW_IMAGE stream's REMOVE has no image
      ],
    },
    [Task, Note],
  );
  t.deepEqual(
    changes.map((c) => [c.eventName, c.entity, c.keys]),
    [
      ['INSERT', Task, { tenantId: 'acme', taskId: 't1' }],
      ['REMOVE', Note, { tenantId: 'acme', noteId: 'n1' }],
    ],
  );
  t.deepEqual(changes.skipped, []);
});

const LEGACY = 'stream_legacy';

/** Items of a class that writes no discriminator carry none: key format is all that tells them. */
@Table(LEGACY, { discriminator: false })
@PartitionKey({ attribute: 'pk', template: 'ORG#{orgId}' })
@SortKey({ attribute: 'sk', template: 'EVENT#{eventId}' })
class LegacyEvent {
  @Attribute() orgId!: string;
  @Attribute() eventId!: string;
  @Attribute() kind!: string;
}

@Table(LEGACY)
@PartitionKey({ attribute: 'pk', template: 'ORG#{orgId}' })
@SortKey({ attribute: 'sk', template: 'RULE#{ruleId}' })
class Rule {
  @Attribute() orgId!: string;
  @Attribute() ruleId!: string;
  @Attribute() kind!: string;
}

test('classes declared without a discriminator are told by key format, also when the record has images', (t) => {
  const eventKeys: StreamImage = { pk: { S: 'ORG#o1' }, sk: { S: 'EVENT#e1' } };
  const ruleKeys: StreamImage = { pk: { S: 'ORG#o1' }, sk: { S: 'RULE#r1' } };
  const fields = { orgId: { S: 'o1' }, kind: { S: 'k' } };
  const records = [
    handBuilt(LEGACY, 'INSERT', 'NEW_IMAGE', eventKeys, {
      NewImage: { ...eventKeys, ...fields, eventId: { S: 'e1' } },
    }),
    // A Rule image without its mark: Rule writes one, so this is not a Rule's item.
    handBuilt(LEGACY, 'INSERT', 'NEW_IMAGE', ruleKeys, { NewImage: { ...ruleKeys, ...fields, ruleId: { S: 'r1' } } }),
    handBuilt(LEGACY, 'INSERT', 'NEW_IMAGE', ruleKeys, {
      NewImage: { ...ruleKeys, ...fields, ruleId: { S: 'r1' }, _type: { S: 'Rule' } },
    }),
  ];
  const changes = changesOf({ Records: records }, [LegacyEvent, Rule]);
  t.deepEqual(
    changes.map((c) => [c.entity, c.sequenceNumber]),
    [
      [LegacyEvent, records[0]?.dynamodb?.SequenceNumber],
      [Rule, records[2]?.dynamodb?.SequenceNumber],
    ],
  );
  t.true(changes[0]?.newItem instanceof LegacyEvent);
  t.deepEqual(
    changes.skipped.map((s) => [s.sequenceNumber, s.problem]),
    [[records[1]?.dynamodb?.SequenceNumber, 'unknown-type']],
  );
});

// Single-table designs nest items under others by their sort keys: a comment `TASK#t1#COMMENT#c1` under its task
// `TASK#t1`. A key part is read as it is written, without the template's separators, so a nested item's key never
// fits its parent's template: a keys-only change of a comment is not a change of task 't1#COMMENT#c1', and with
// both classes given it is the comment's, not an ambiguous record.
import 'reflect-metadata';
import test from 'ava';
import { Attribute, PartitionKey, SortKey, Table } from '../../src/index.js';
import { entityMetadata } from '../../src/metadata/compile-entity.js';
import { changesOf, type DynamoDBRecord, type StreamImage, streamHandler } from '../../src/streams/index.js';
import { handBuilt } from './records.js';

const TABLE = 'stream_nested_keys';

@Table(TABLE)
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'TASK#{taskId}' })
class Task {
  @Attribute() tenantId!: string;
  @Attribute() taskId!: string;
  @Attribute() title!: string;
}

@Table(TABLE)
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'TASK#{taskId}#COMMENT#{commentId}' })
class Comment {
  @Attribute() tenantId!: string;
  @Attribute() taskId!: string;
  @Attribute() commentId!: string;
  @Attribute() body!: string;
}

const keysOnly = (eventName: 'INSERT' | 'REMOVE', keys: StreamImage): DynamoDBRecord =>
  handBuilt(TABLE, eventName, 'KEYS_ONLY', keys);
const taskKeys = (taskId: string): StreamImage => ({ pk: { S: 'TENANT#acme' }, sk: { S: `TASK#${taskId}` } });
const commentKeys = (taskId: string, commentId: string): StreamImage => ({
  pk: { S: 'TENANT#acme' },
  sk: { S: `TASK#${taskId}#COMMENT#${commentId}` },
});

test("a nested item's key does not fit its parent's template: a comment's removal is no task's", (t) => {
  const changes = changesOf({ Records: [keysOnly('REMOVE', commentKeys('t1', 'c1'))] }, [Task]);
  t.is(changes.length, 0);
  t.deepEqual(
    changes.skipped.map((s) => s.problem),
    ['unknown-type'],
  );
});

test('with both classes given, each keys-only record is of the class whose template fits it, none ambiguous', async (t) => {
  const seen: string[] = [];
  const failures: unknown[] = [];
  const handler = streamHandler(
    [Task, Comment],
    (change) => void seen.push(`${change.entity.name} ${JSON.stringify(change.keys)}`),
    { onFailure: (error) => failures.push(error) },
  );
  const out = await handler({
    Records: [
      keysOnly('INSERT', taskKeys('t1')),
      keysOnly('INSERT', commentKeys('t1', 'c1')),
      keysOnly('INSERT', taskKeys('t2')),
    ],
  });
  t.deepEqual(out.batchItemFailures, []);
  t.deepEqual(failures, []);
  t.deepEqual(seen, [
    'Task {"tenantId":"acme","taskId":"t1"}',
    'Comment {"tenantId":"acme","taskId":"t1","commentId":"c1"}',
    'Task {"tenantId":"acme","taskId":"t2"}',
  ]);
});

test('a key part holding a separator is no key of the template, as the template would never write it', (t) => {
  const [pk, sk] = [entityMetadata(Task).partitionKey, entityMetadata(Task).sortKey];
  t.false(pk.matches({ S: 'TENANT#acme#globex' }), 'tenantId "acme#globex" is never written');
  t.true(pk.matches({ S: 'TENANT#acme' }));
  t.false(sk?.matches({ S: 'TASK#t1#COMMENT#c1' }));
  t.throws(() => pk.format({ tenantId: 'acme#globex' }), { message: /contains '#'/ });
});

// A record marked as a class (its discriminator) whose key is not in that class's key format (an item written by
// another tool, a key edited by hand) is a StreamRecordError naming the key, never a change with some key
// properties silently missing (a tenant-keyed `keys` without its tenantId).
import test from 'ava';
import { StreamRecordError } from '../../src/errors/errors.js';
import { Repository } from '../../src/index.js';
import { changesOf, type DynamoDBRecord } from '../../src/streams/index.js';
import { testClient } from '../support/dynamo.js';
import { Task, task } from './entities.js';
import { followedTable } from './support.js';

const client = testClient();

test("a record whose key is not in its class's key format is a StreamRecordError, not a change with keys missing", async (t) => {
  const followed = await followedTable(t, client, 'NEW_AND_OLD_IMAGES');
  await new Repository(Task, { client, tableName: followed.table }).put.withItem(task('acme', 't1')).execute();
  const [record] = (await followed.event(1)).Records as [DynamoDBRecord];
  t.deepEqual(changesOf({ Records: [record] }, [Task], { tableName: followed.table })[0]?.keys, {
    tenantId: 'acme',
    taskId: 't1',
  });
  const cases: Array<[string, { pk?: string; sk?: string }]> = [
    ['partition key without its TENANT# prefix', { pk: 'acme' }],
    ['sort key of another format', { sk: 'NOTE#t1' }],
  ];
  for (const [what, keys] of cases) {
    const edited = structuredClone(record);
    for (const image of [edited.dynamodb?.Keys, edited.dynamodb?.NewImage]) {
      if (image && keys.pk) image.pk = { S: keys.pk };
      if (image && keys.sk) image.sk = { S: keys.sk };
    }
    const error = t.throws(
      () => changesOf({ Records: [edited] }, [Task], { tableName: followed.table }),
      {
        instanceOf: StreamRecordError,
      },
      what,
    );
    t.is(error?.problem, 'hydration', what);
    t.is(error?.details.entity, 'Task', what);
    t.regex(error?.message ?? '', /not in the format of Task/, what);
  }
});

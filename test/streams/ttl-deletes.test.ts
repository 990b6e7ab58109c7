// A delete DynamoDB made because an item's time to live passed is a REMOVE whose userIdentity is the DynamoDB
// service ({ type: 'Service', principalId: 'dynamodb.amazonaws.com' }): changesOf says so (`byTimeToLive`), so a
// handler can tell an expiry from a delete somebody made. DynamoDB Local does not expire items: the REMOVE of a
// real delete is given that userIdentity, as Lambda would deliver it.
import test from 'ava';
import { Repository } from '../../src/index.js';
import { changesOf, type DynamoDBRecord } from '../../src/streams/index.js';
import { testClient } from '../support/dynamo.js';
import { Task, task } from './entities.js';
import { followedTable } from './support.js';

const client = testClient();
const SERVICE = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };

test('a REMOVE by the DynamoDB service is a change byTimeToLive; every other change is not', async (t) => {
  const followed = await followedTable(t, client, 'NEW_AND_OLD_IMAGES');
  const tasks = new Repository(Task, { client, tableName: followed.table });
  await tasks.put.withItem(task('acme', 't1')).execute();
  await tasks.delete.withKey({ tenantId: 'acme', taskId: 't1' }).execute();
  const [insert, remove] = (await followed.event(2)).Records as [DynamoDBRecord, DynamoDBRecord];
  const expired = { ...remove, userIdentity: SERVICE };
  const byUser = { ...remove, userIdentity: { type: 'Service', principalId: 'someone.amazonaws.com' } };
  const insertedByService = { ...insert, userIdentity: SERVICE };
  const changes = changesOf({ Records: [insert, remove, expired, byUser, insertedByService] }, [Task], {
    tableName: followed.table,
  });
  t.deepEqual(
    changes.map((c) => [c.eventName, c.byTimeToLive]),
    [
      ['INSERT', false],
      ['REMOVE', false],
      ['REMOVE', true],
      ['REMOVE', false],
      ['INSERT', false],
    ],
  );
  t.deepEqual(changes[2]?.oldItem, task('acme', 't1'), 'the expired item, as it was');
});

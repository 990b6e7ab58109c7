// `changed` compares numbers as DynamoDB stores them, to all of their 38 digits: a change in a digit a double cannot
// hold is a change; the same number written another way (1.50, 1.5, 15E-1) is not.
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { sameValue } from '../../src/streams/changed-attributes.js';
import { changesOf } from '../../src/streams/index.js';
import { testClient } from '../support/dynamo.js';
import { Task } from './entities.js';
import { followedTable } from './support.js';

const client = testClient();

test('a number changed beyond double precision is in `changed`', async (t) => {
  const followed = await followedTable(t, client, 'NEW_AND_OLD_IMAGES');
  const key = { pk: { S: 'TENANT#acme' }, sk: { S: 'TASK#t1' } };
  // Written by another tool: an attribute the class does not declare, holding a 20-digit number.
  await client.send(
    new PutItemCommand({
      TableName: followed.table,
      Item: {
        ...key,
        _type: { S: 'Task' },
        tenantId: { S: 'acme' },
        taskId: { S: 't1' },
        title: { S: 'x' },
        done: { BOOL: false },
        ledger: { N: '12345678901234567890' },
      },
    }),
  );
  await client.send(
    new UpdateItemCommand({
      TableName: followed.table,
      Key: key,
      UpdateExpression: 'SET ledger = :n',
      ExpressionAttributeValues: { ':n': { N: '12345678901234567891' } },
    }),
  );
  const [, modify] = changesOf(await followed.event(2), [Task], { tableName: followed.table });
  t.is(modify?.eventName, 'MODIFY');
  t.deepEqual(modify?.changed, ['ledger']);
});

test('numbers are equal when DynamoDB would store them alike, and only then', (t) => {
  const same = (a: string, b: string) => sameValue({ N: a }, { N: b });
  t.true(same('1.50', '1.5'));
  t.true(same('15E-1', '1.5'));
  t.true(same('0', '-0.000'));
  t.true(same('100', '1e2'));
  t.true(same('12345678901234567890', '12345678901234567890'));
  t.false(same('12345678901234567890', '12345678901234567891'));
  t.false(same('0.1000000000000000000000000000000000001', '0.1'));
  t.false(same('-1', '1'));
  t.true(sameValue({ NS: ['1.0', '2'] }, { NS: ['2', '1'] }));
  t.false(sameValue({ NS: ['12345678901234567890'] }, { NS: ['12345678901234567891'] }));
});

import test from 'ava';
import { InvalidRequestError, TransactWriteItemsRequestBuilder } from '../../../src/index.js';
import { serialized } from '../../support/recording-client.js';
import { MemberFields as F, recordingRepositories } from '../support/entities.js';

test('a condition check with where() on reserved words and expectVersion: both conditions, and the old item on failure', (t) => {
  const { members, recorder } = recordingRepositories();
  const input = new TransactWriteItemsRequestBuilder(recorder.client)
    .conditionCheck(members, (b) =>
      b.withKey({ memberId: 'm3' }).where(`${F.status} = {0} AND ${F.name} <> {1}`, 'active', 'x').expectVersion(7),
    )
    .toInput();
  t.deepEqual(serialized(input.TransactItems), [
    {
      ConditionCheck: {
        TableName: 'unit_members',
        Key: { pk: { S: 'MEMBER#m3' } },
        ConditionExpression: '(#n1 = :v1 AND #n2 <> :v2) AND (#n0 = :v0)',
        ExpressionAttributeNames: { '#n0': 'version', '#n1': 'status', '#n2': 'name' },
        ExpressionAttributeValues: { ':v0': { N: '7' }, ':v1': { S: 'active' }, ':v2': { S: 'x' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  ]);
});

test('a condition check naming properties uses their stored names', (t) => {
  const { members, recorder } = recordingRepositories();
  const input = new TransactWriteItemsRequestBuilder(recorder.client)
    .conditionCheck(members, (b) => b.withKey({ memberId: 'm3' }).where('attribute_exists(email)'))
    .toInput();
  t.deepEqual(serialized(input.TransactItems?.[0]?.ConditionCheck), {
    TableName: 'unit_members',
    Key: { pk: { S: 'MEMBER#m3' } },
    ConditionExpression: 'attribute_exists(#n0)',
    ExpressionAttributeNames: { '#n0': 'mail' },
  });
});

test('a condition check without a condition is refused when added', (t) => {
  const { members, recorder } = recordingRepositories();
  t.throws(
    () =>
      new TransactWriteItemsRequestBuilder(recorder.client).conditionCheck(members, (b) =>
        b.withKey({ memberId: 'm3' }),
      ),
    { instanceOf: InvalidRequestError, message: /conditionCheck needs where\(\.\.\.\) or expectVersion\(n\)/ },
  );
  t.is(recorder.requests.length, 0);
});

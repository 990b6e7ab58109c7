import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { DynamoDbTable, InvalidRequestError, Repository, runWithClient, transaction } from '../../src/index.js';
import { User } from '../fixtures/entities.js';

// What is not a DynamoDB client is refused where it is given, with one named error, by the one check the
// library has for "is this a client" (isDynamoClient).

const notAClient = [undefined, null, {}, { send: 'not a function' }] as unknown as DynamoDBClient[];

test('new Repository refuses what is not a client, also when it is not an object at all', (t) => {
  for (const given of notAClient) {
    const error = t.throws(() => new Repository(User, given), { instanceOf: InvalidRequestError });
    t.regex(error?.message ?? '', /User: a DynamoDBClient is needed/);
  }
  t.throws(() => new Repository(User, { client: {} as DynamoDBClient }), { instanceOf: InvalidRequestError });
});

test('DynamoDbTable and runWithClient refuse what is not a client', (t) => {
  for (const given of notAClient) {
    t.throws(() => new DynamoDbTable(given, 'table'), { instanceOf: InvalidRequestError });
    t.throws(() => runWithClient(given, () => undefined), { instanceOf: InvalidRequestError });
  }
});

test('a transaction refuses withClient() of what is not a client', async (t) => {
  for (const given of notAClient) {
    await t.throwsAsync(
      transaction((tx) => tx.withClient(given)),
      { instanceOf: InvalidRequestError, message: /withClient needs a DynamoDBClient/ },
    );
  }
});

/**
 * Repositories for the compile-time template tests. Nothing is sent: the
 * tests build requests with toInput(), so no table is created.
 */
import {
  BatchWriteItemRequestBuilder,
  DynamoDbTable,
  ExpressionError,
  MappingError,
  Repository,
  SingleTable,
  TransactWriteItemsRequestBuilder,
} from '../../src/index.js';
import { User } from '../fixtures/entities.js';
import { testClient } from '../support/dynamo.js';
import { Note, Profile, Task } from './entities.js';

const client = testClient();

export const profiles = new Repository(Profile, { client, tableName: 'type-profiles' });
export const users = new Repository(User, { client, tableName: 'type-users' });
export const raw = new DynamoDbTable(client, 'type-raw');
export const single = new SingleTable(client, [Note, Task], { tableName: 'type-single' });

/** Builders of several operations: their callbacks get the same checked builders. */
export const transaction = (): TransactWriteItemsRequestBuilder => new TransactWriteItemsRequestBuilder(client);
export const batch = (): BatchWriteItemRequestBuilder => new BatchWriteItemRequestBuilder(client);

export const key = { profileId: 'p1', rev: 1 };

export function newProfile(): Profile {
  return Object.assign(new Profile(), { profileId: 'p1', rev: 1, name: 'Ada', status: 'active' as const });
}

/** The attribute names a request's expressions use (aliases resolved), sorted. */
export function namesIn(input: { ExpressionAttributeNames?: Record<string, string> }): string[] {
  return Object.values(input.ExpressionAttributeNames ?? {}).sort();
}

/**
 * The indexes of the calls whose request builds without a named error (ExpressionError or MappingError): a call
 * refused at compile time should be refused at run time as well, where the types are not there to stop it.
 */
export function acceptedAtRunTime(calls: ReadonlyArray<() => unknown>): number[] {
  return calls.flatMap((call, index) => {
    try {
      (call() as { toInput(): unknown }).toInput();
      return [index];
    } catch (error) {
      if (error instanceof ExpressionError || error instanceof MappingError) return [];
      throw error;
    }
  });
}

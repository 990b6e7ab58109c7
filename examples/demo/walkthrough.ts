import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedError,
  createTable,
  FluentDynamoError,
  Repository,
  VersionConflictError,
} from '../../src/index.js';
import { User, UserFields, UserKeys } from '../shared/user.js';

export type Print = (line: string) => void;

function describeUser(user: User | undefined): string {
  if (!user) return '(none)';
  return `${user.userId} "${user.name}" <${user.email}> ${user.status}, version ${user.version}`;
}

async function expectFailure(print: Print, label: string, run: () => Promise<unknown>): Promise<FluentDynamoError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof FluentDynamoError) {
      print(`   -> refused as expected: ${error.name}: ${error.message}`);
      return error;
    }
    throw error;
  }
  throw new Error(`${label} should have failed`);
}

/** A walkthrough of users, tenants and requests, printed step by step. Throws if anything behaves unexpectedly. */
export async function walkthrough(client: DynamoDBClient, print: Print): Promise<void> {
  const users = new Repository(User, client);

  print('1. Create the users table from the entity metadata (keys, EmailIndex, StatusIndex, TTL)');
  await createTable(client, User);

  const john = Object.assign(new User(), {
    userId: 'user123',
    email: 'john@example.com',
    name: 'John Doe',
    status: 'active' as const,
    createdAt: new Date(),
  });
  print('2. Put user123 only if it does not exist yet');
  const { item: created } = await users.put.withItem(john).where('attribute_not_exists(userId)').execute();
  print(`   -> written: ${describeUser(created)}`);

  print('3. The same conditional put again');
  const duplicate = await expectFailure(print, 'the duplicate put', () =>
    users.put.withItem(created).where('attribute_not_exists(userId)').execute(),
  );
  if (!(duplicate instanceof ConditionalCheckFailedError)) throw duplicate;

  print(`4. Get it back by key ${UserKeys.pk('user123')}`);
  const { item } = await users.get.withKey(UserFields.userId, UserKeys.pk('user123')).consistentRead().execute();
  print(`   -> ${describeUser(item)} (an instance of User: ${item instanceof User})`);

  print('5. Update with reserved words: SET name = {0}, updatedAt = {1:o} WHERE status = {0}');
  const { attributes } = await users.update
    .withKey(UserFields.userId, UserKeys.pk('user123'))
    .set('SET name = {0}, updatedAt = {1:o}', 'Jane Doe', new Date())
    .where('status = {0}', 'active')
    .returnValues('ALL_NEW')
    .execute();
  print(`   -> ${describeUser(attributes)}`);

  print('6. A version conflict: two writers start from the same version');
  const { item: copyA } = await users.get.withKey({ userId: 'user123' }).consistentRead().execute();
  const { item: copyB } = await users.get.withKey({ userId: 'user123' }).consistentRead().execute();
  if (!copyA || !copyB) throw new Error('user123 vanished');
  const { item: savedA } = await users.put.withItem(Object.assign(copyA, { name: 'Writer A' })).execute();
  print(`   -> writer A saved: ${describeUser(savedA)}`);
  const conflict = await expectFailure(print, 'the stale write', () =>
    users.put.withItem(Object.assign(copyB, { name: 'Writer B' })).execute(),
  );
  if (!(conflict instanceof VersionConflictError)) throw conflict;

  print('7. Delete only if inactive (it is active)');
  await expectFailure(print, 'the conditional delete', () =>
    users.delete.withKey(UserFields.userId, UserKeys.pk('user123')).where('status = {0}', 'inactive').execute(),
  );
  print('8. Deactivate, then delete only if inactive');
  await users.update.withKey({ userId: 'user123' }).set('SET status = {0}', 'inactive').execute();
  await users.delete.withKey(UserFields.userId, UserKeys.pk('user123')).where('status = {0}', 'inactive').execute();
  const { item: gone } = await users.get.withKey({ userId: 'user123' }).consistentRead().execute();
  print(`   -> deleted; get now returns ${describeUser(gone)}`);
  if (gone) throw new Error('user123 should be gone');
}

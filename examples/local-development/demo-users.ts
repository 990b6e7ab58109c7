import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, Repository } from '../../src/index.js';
import { User } from '../shared/user.js';

/** A demo User. */
export function demoUser(userId: string, domain: string, overrides: Partial<User> = {}): User {
  return Object.assign(new User(), {
    userId,
    email: `${userId}@${domain}`,
    name: userId.charAt(0).toUpperCase() + userId.slice(1),
    status: 'active' as const,
    createdAt: new Date(),
    ...overrides,
  });
}

/**
 * Creates the users table (from the entity metadata) in the database of
 * `client` and writes `users`. Safe to run again on a DynamoDB Local that
 * kept its data: createTable does nothing when the table exists, and the
 * puts skip the @Version check that would refuse an existing item.
 */
export async function seedUsers(client: DynamoDBClient, users: readonly User[], tableName?: string): Promise<void> {
  await createTable(client, User, tableName ? { tableName } : {});
  const repository = new Repository(User, { client, ...(tableName ? { tableName } : {}) });
  for (const user of users) await repository.put.withItem(user).skipVersionCheck().execute();
}

/** The two tenants of the Express and Koa examples, each with users of its own. */
export const DEMO_TENANTS: Readonly<Record<string, () => User[]>> = {
  acme: () => [
    demoUser('alice', 'acme.example'),
    demoUser('carol', 'acme.example'),
    demoUser('dave', 'acme.example', { status: 'inactive' }),
  ],
  globex: () => [demoUser('bob', 'globex.example'), demoUser('erin', 'globex.example')],
};

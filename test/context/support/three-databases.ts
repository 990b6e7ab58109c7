import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, Repository } from '../../../src/index.js';
import { newUser, User } from '../../fixtures/entities.js';
import { randomAlphanumeric, testClient, uniqueTableName } from '../../support/dynamo.js';

export type Label = 'default' | 'ambient' | 'explicit';
export const LABELS: readonly Label[] = ['default', 'ambient', 'explicit'];

/** Users every database holds: `who` and `page0..page{PAGE_USERS-1}`, all named after the database. */
export const PAGE_USERS = 5;

export interface ThreeDatabases {
  readonly clients: Readonly<Record<Label, DynamoDBClient>>;
  /** The access key id (the database) of each client: `testClient(key)` makes another client of that database. */
  readonly accessKeys: Readonly<Record<Label, string>>;
  readonly tableName: string;
  /** On the default client. */
  readonly users: Repository<User>;
  /** Labels of the databases where `userId` exists (read with withClient, so no scope matters). */
  landedIn(userId: string): Promise<Label[]>;
}

/**
 * Three clients, each with a database of its own (DynamoDB Local keeps one
 * per access key id): the name of whatever an operation reads tells which
 * client ran it, and where a write landed tells it too.
 */
export async function threeDatabases(prefix: string): Promise<ThreeDatabases> {
  const accessKeys = {
    default: `d${randomAlphanumeric(12)}`,
    ambient: `a${randomAlphanumeric(12)}`,
    explicit: `e${randomAlphanumeric(12)}`,
  };
  const clients = {
    default: testClient(accessKeys.default),
    ambient: testClient(accessKeys.ambient),
    explicit: testClient(accessKeys.explicit),
  };
  const tableName = uniqueTableName(prefix);
  const users = new Repository(User, { client: clients.default, tableName });
  await Promise.all(
    LABELS.map(async (label) => {
      const client = clients[label];
      await createTable(client, User, { tableName });
      const seed = ['who', ...Array.from({ length: PAGE_USERS }, (_, i) => `page${i}`)];
      for (const [i, userId] of seed.entries()) {
        const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
        await users.put
          .withItem(newUser(userId, { name: label, createdAt }))
          .withClient(client)
          .execute();
      }
    }),
  );
  const landedIn = async (userId: string) => {
    const found: Label[] = [];
    for (const label of LABELS) {
      const { item } = await users.get.withKey({ userId }).consistentRead().withClient(clients[label]).execute();
      if (item) found.push(label);
    }
    return found;
  };
  return { clients, accessKeys, tableName, users, landedIn };
}

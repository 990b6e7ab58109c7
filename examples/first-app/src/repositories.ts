import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type CursorSecret, Repository } from '../../../src/index.js';
import { Project, Task } from './entities.js';

export interface Repositories {
  readonly projects: Repository<Project>;
  readonly tasks: Repository<Task>;
}

/**
 * One repository per entity, for the whole process. `client` is the
 * application's own client: requests of a tenant never use it, they run on
 * the tenant's client that the middleware puts around them. With a cursor
 * secret, page cursors are encrypted: an API caller can neither read nor
 * alter them.
 */
export function createRepositories(client: DynamoDBClient, cursorSecret: CursorSecret): Repositories {
  const cursors = { secret: cursorSecret };
  return {
    projects: new Repository(Project, { client, cursors }),
    tasks: new Repository(Task, { client, cursors }),
  };
}

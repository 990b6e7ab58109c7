import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoRequestError } from '../errors/errors.js';
import { mapAwsError } from '../errors/map-aws-error.js';
import { entityMetadata } from '../metadata/compile-entity.js';
import type { EntityClass } from '../metadata/types.js';
import { type TableDefinitionOptions, tableDefinitionOf, timeToLiveAttributeOf } from './table-definition.js';

/** Options of createTable(): the definition's options, and whether to tolerate an existing table and wait for it. */
export interface CreateTableOptions extends TableDefinitionOptions {
  /** Do nothing when the table exists already (default true). */
  ifNotExists?: boolean;
  /** Wait until the table is ACTIVE (default true). */
  wait?: boolean;
  /** Give up waiting after this long (default 60 s). */
  timeoutMs?: number;
}

function code(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

/**
 * Creates the table of one entity (or of several sharing it) from metadata:
 * keys, GSIs, LSIs, and TTL when an attribute has `@TimeToLive`.
 * Returns true when it created the table, false when it existed.
 */
export async function createTable(
  client: DynamoDBClient,
  entities: EntityClass | readonly EntityClass[],
  options: CreateTableOptions = {},
): Promise<boolean> {
  const input = tableDefinitionOf(entities, options);
  const name = input.TableName as string;
  let created = true;
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if (code(error) !== 'ResourceInUseException' || options.ifNotExists === false) {
      throw mapAwsError(error, { operation: 'CreateTable', table: name, label: name });
    }
    created = false;
  }
  if (options.wait !== false) await waitForTable(client, name, 'ACTIVE', options.timeoutMs);
  const ttl = timeToLiveAttributeOf(entities);
  if (ttl && created) {
    await client
      .send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: ttl, Enabled: true },
        }),
      )
      .catch((error: unknown) => {
        throw mapAwsError(error, { operation: 'UpdateTimeToLive', table: name, label: name });
      });
  }
  return created;
}

/** Options of deleteTable(): whether to tolerate a missing table and wait until it is gone. */
export interface DeleteTableOptions {
  /** Do nothing when there is no such table (default true). */
  ifExists?: boolean;
  /** Wait until the table is gone (default true). */
  wait?: boolean;
  /** Give up waiting after this long (default 60 s). */
  timeoutMs?: number;
}

/** Deletes a table, named or of an entity. Returns true when it deleted one. */
export async function deleteTable(
  client: DynamoDBClient,
  table: string | EntityClass,
  options: DeleteTableOptions = {},
): Promise<boolean> {
  const name = typeof table === 'string' ? table : (entityMetadata(table).table ?? table.name);
  try {
    await client.send(new DeleteTableCommand({ TableName: name }));
  } catch (error) {
    if (code(error) === 'ResourceNotFoundException' && options.ifExists !== false) return false;
    throw mapAwsError(error, { operation: 'DeleteTable', table: name, label: name });
  }
  if (options.wait !== false) await waitForTable(client, name, 'DELETED', options.timeoutMs);
  return true;
}

/** Polls DescribeTable until the table (and its indexes) are ACTIVE, or it is gone. */
export async function waitForTable(
  client: DynamoDBClient,
  name: string,
  state: 'ACTIVE' | 'DELETED',
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
      if (state === 'ACTIVE' && Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    } catch (error) {
      if (code(error) === 'ResourceNotFoundException') {
        if (state === 'DELETED') return;
      } else {
        throw mapAwsError(error, { operation: 'DescribeTable', table: name, label: name });
      }
    }
    if (Date.now() > deadline) {
      throw new DynamoRequestError(
        `table ${name} did not become ${state} within ${timeoutMs} ms`,
        'Timeout',
        'DescribeTable',
        name,
        true,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

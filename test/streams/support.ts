import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ExecutionContext } from 'ava';
import type { DynamoDBRecord, DynamoDBStreamEvent, StreamViewType } from '../../src/streams/index.js';
import { createTable } from '../../src/tables/table-admin.js';
import { type FollowedStream, type FollowStreamOptions, followStream } from '../../src/testing/follow-stream.js';
import { uniqueTableName } from '../support/dynamo.js';
import { Note, Task } from './entities.js';

/** Polls `check` until it returns true or the deadline passes (DynamoDB Local's stream shows records after a moment). */
export async function eventually(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; !check(); delay = Math.min(delay * 2, 200)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export interface Followed {
  readonly table: string;
  readonly records: DynamoDBRecord[];
  readonly events: DynamoDBStreamEvent[];
  readonly following: FollowedStream;
  /** The records seen so far as one event, once there are at least `count`. */
  event(count: number): Promise<DynamoDBStreamEvent>;
}

/** A new stream-enabled table of Task and Note, followed into `records` until the test ends. */
export async function followedTable(
  t: ExecutionContext,
  client: DynamoDBClient,
  view: StreamViewType,
  handler?: (event: DynamoDBStreamEvent) => unknown,
  options?: FollowStreamOptions,
): Promise<Followed> {
  const table = uniqueTableName(`stream-${view.toLowerCase()}`);
  await createTable(client, [Task, Note], { tableName: table, stream: view });
  const records: DynamoDBRecord[] = [];
  const events: DynamoDBStreamEvent[] = [];
  const following = await followStream(
    client,
    table,
    async (event) => {
      events.push(event);
      records.push(...event.Records);
      return handler?.(event);
    },
    options,
  );
  t.teardown(() => following.stop());
  return {
    table,
    records,
    events,
    following,
    async event(count) {
      await eventually(() => {
        if (following.error !== undefined) throw following.error;
        return records.length >= count;
      }, `${count} stream records of ${table}`);
      return { Records: [...records] };
    },
  };
}

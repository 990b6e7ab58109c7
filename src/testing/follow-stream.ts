import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { _Record, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { InvalidRequestError } from '../errors/errors.js';
import type { DynamoDBRecord, DynamoDBStreamEvent, StreamBatchResponse } from '../streams/lambda-event.js';
import { lambdaImage } from '../streams/sdk-image.js';

type StreamsModule = typeof import('@aws-sdk/client-dynamodb-streams');

/**
 * A DynamoDB Streams client: a `DynamoDBStreamsClient` of `@aws-sdk/client-dynamodb-streams`. Written out here so
 * that the declarations of fluent-dynamo/testing type-check without that optional peer dependency.
 */
export interface StreamsClientLike {
  /** Sends a command (followStream sends DescribeStream, GetShardIterator, GetRecords) and resolves with its output. */
  send(command: { readonly input: object }): Promise<object>;
  /** Releases the client's resources, such as its HTTP handler's sockets (stop() calls it on a client it made). */
  destroy(): void;
}

/** Options of followStream(): where to start, batch size, polling, retries of failed records. */
export interface FollowStreamOptions {
  /**
   * Where to start in the shards there at the start (default TRIM_HORIZON: every record still kept). LATEST:
   * every record written after followStream() resolved, none written before it was called (one written while
   * it runs may be either). The position is fixed before it resolves (the records kept then are read once, to
   * learn the last one), so a write made right after `await followStream(...)` is delivered, and so is one
   * that comes while an expired iterator is renewed.
   */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** The most records per event (GetRecords' Limit; default 100, at most 1000). */
  batchSize?: number;
  /** How long to wait before asking again when no shard had records (default 50 ms). */
  pollIntervalMs?: number;
  /** A DynamoDB Streams client of your own (default: one made from the DynamoDB client's endpoint, region and credentials, closed by stop()). */
  streamsClient?: StreamsClientLike;
  /**
   * How many times an event whose handler answered with `batchItemFailures` is delivered again, from the
   * lowest failed record on, before it is passed over (default 2; Lambda's MaximumRetryAttempts, whose own
   * default, retrying until the records expire, would keep a test on a poison record for a day). The count
   * is per lowest failed record: a record that fails is delivered again up to `maxRetryAttempts` times in a
   * row, also when it fails on the retry of an earlier record (the count starts again when the lowest failed
   * record is a later one). When a record's retries are used up, the rest of its event (that record and the
   * ones after it in the same GetRecords answer) is passed over, as Lambda discards a batch whose retries
   * are exhausted, and following goes on after it.
   */
  maxRetryAttempts?: number;
}

/** A stream being followed (followStream()): what was delivered, what failed, and stop(). */
export interface FollowedStream {
  /** The ARN of the table's latest stream. */
  readonly streamArn: string;
  /** The records delivered so far (a record delivered again counts again). */
  readonly delivered: number;
  /**
   * The error that stopped following, if one did: the handler's (a handler that throws stops following,
   * nothing is delivered again: the test sees the error instead of a retry loop), or a request's that
   * failed after the SDK's retries. A thrown value that is not an Error (`throw undefined`) is wrapped in
   * one, with the value as its `cause`, so this is never undefined once following stopped on a failure.
   */
  readonly error: unknown;
  /**
   * The sequence numbers the handler reported in `batchItemFailures`, in order, once per delivery. As Lambda
   * does, the records from the lowest of them on are delivered again (up to `maxRetryAttempts` times per
   * lowest failed record; then the rest of that event is passed over, as Lambda discards a batch whose
   * retries are exhausted).
   */
  readonly failures: readonly string[];
  /**
   * Stops following: waits for the event being handled, aborts the request in flight and clears the timer,
   * so nothing is left running. Rejects with `error` if following stopped on one (the handler's, if it threw).
   */
  stop(): Promise<void>;
}

interface ShardState {
  readonly id: string;
  readonly parent: string | undefined;
  iterator: string | undefined;
  /**
   * The last sequence number delivered, to resume after an expired iterator; with LATEST, before anything
   * is delivered, the last one the shard held at the start.
   */
  last: string | undefined;
  /** The failed record to deliver again from (the next iterator starts at it). */
  retryAt: string | undefined;
  /** The lowest failed record of the last delivery, while its retries last. */
  failedAt: string | undefined;
  /** Deliveries again since the lowest failed record became `failedAt`. */
  retries: number;
  done: boolean;
}

/** Answers after which the shard is read again from where delivery stands. */
const RESTART = new Set(['ExpiredIteratorException', 'TrimmedDataAccessException']);

function nameOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}

/** Whether sequence number `n` comes after `last` (numeric strings of any length). */
function after(n: string | undefined, last: string | undefined): boolean {
  if (last === undefined || n === undefined) return true;
  return n.length !== last.length ? n.length > last.length : n > last;
}

async function loadStreams(): Promise<StreamsModule> {
  try {
    return await import('@aws-sdk/client-dynamodb-streams');
  } catch (error) {
    throw new InvalidRequestError(
      "followStream needs the optional peer dependency '@aws-sdk/client-dynamodb-streams': run `npm i -D @aws-sdk/client-dynamodb-streams`",
      { cause: error },
    );
  }
}

/** A Streams client on the same endpoint, region and credentials as `client`. */
async function streamsClientLike(mod: StreamsModule, client: DynamoDBClient): Promise<DynamoDBStreamsClient> {
  const config = client.config;
  const endpoint = config.endpoint ? await config.endpoint() : undefined;
  const url = endpoint
    ? `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path ?? ''}`
    : undefined;
  return new mod.DynamoDBStreamsClient({
    region: await config.region(),
    credentials: config.credentials,
    ...(url ? { endpoint: url } : {}),
    maxAttempts: 3,
  });
}

/** A record as Lambda delivers it: creation time in epoch seconds, binary values as base64 text. */
function lambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const s = record.dynamodb ?? {};
  const dynamodb: NonNullable<DynamoDBRecord['dynamodb']> = {};
  if (s.ApproximateCreationDateTime)
    dynamodb.ApproximateCreationDateTime = Math.floor(s.ApproximateCreationDateTime.getTime() / 1000);
  if (s.Keys) dynamodb.Keys = lambdaImage(s.Keys);
  if (s.NewImage) dynamodb.NewImage = lambdaImage(s.NewImage);
  if (s.OldImage) dynamodb.OldImage = lambdaImage(s.OldImage);
  if (s.SequenceNumber !== undefined) dynamodb.SequenceNumber = s.SequenceNumber;
  if (s.SizeBytes !== undefined) dynamodb.SizeBytes = s.SizeBytes;
  if (s.StreamViewType !== undefined) dynamodb.StreamViewType = s.StreamViewType;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb,
    // A delete made by TTL carries DynamoDB's service principal here.
    ...(record.userIdentity ? { userIdentity: lambdaIdentity(record.userIdentity) } : {}),
  };
}

/** The SDK's `{ Type, PrincipalId }` as Lambda spells it. */
function lambdaIdentity(identity: NonNullable<_Record['userIdentity']>): NonNullable<DynamoDBRecord['userIdentity']> {
  const out: NonNullable<DynamoDBRecord['userIdentity']> = {};
  if (identity.Type !== undefined) out.type = identity.Type;
  if (identity.PrincipalId !== undefined) out.principalId = identity.PrincipalId;
  return out;
}

/**
 * The index in `records` of the lowest failed record: Lambda's checkpoint. An identifier naming no record of
 * the event (empty, or another event's) fails the whole event, as Lambda treats such an answer.
 */
function firstFailed(records: readonly _Record[], failed: readonly { itemIdentifier?: unknown }[]): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const { itemIdentifier } of failed) {
    const index = records.findIndex((r) => r.dynamodb?.SequenceNumber === itemIdentifier);
    if (index < 0) return 0;
    lowest = Math.min(lowest, index);
  }
  return lowest;
}

/**
 * `thrown` as an Error: a value of another kind (`throw undefined`, a string) is wrapped, with it as the
 * cause, so that `error` tells that following stopped (an `undefined` there reads as "still following").
 */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const shown = typeof thrown === 'string' ? JSON.stringify(thrown) : String(thrown);
  return new Error(`followStream stopped: ${shown} was thrown, not an Error (see cause)`, { cause: thrown });
}

function isAbort(error: unknown): boolean {
  return nameOf(error) === 'AbortError';
}

/**
 * Follows the stream of `tableName` (enable it with `createTable(client, Entity, { stream: ... })`) through
 * the DynamoDB Streams API, on the endpoint of `client` (DynamoDB Local in tests), and hands `handler`
 * Lambda-shaped events: one per GetRecords answer that has records, in order per shard (a child shard
 * after its parent), each awaited before the next. Needs `@aws-sdk/client-dynamodb-streams`, loaded only
 * when this is called.
 */
export async function followStream(
  client: DynamoDBClient,
  tableName: string,
  handler: (event: DynamoDBStreamEvent) => unknown,
  options: FollowStreamOptions = {},
): Promise<FollowedStream> {
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000)
    throw new InvalidRequestError(`followStream: batchSize must be an integer from 1 to 1000, got ${batchSize}`);
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const maxRetryAttempts = options.maxRetryAttempts ?? 2;
  if (!Number.isInteger(maxRetryAttempts) || maxRetryAttempts < 0)
    throw new InvalidRequestError(
      `followStream: maxRetryAttempts must be a non-negative integer, got ${maxRetryAttempts}`,
    );
  const mod = await loadStreams();
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn || Table?.StreamSpecification?.StreamEnabled === false) {
    throw new InvalidRequestError(
      `followStream: table ${tableName} has no stream; create it with createTable(client, Entity, { stream: 'NEW_AND_OLD_IMAGES' })`,
    );
  }
  // A DynamoDBStreamsClient (typed structurally in the options, see StreamsClientLike).
  const streams =
    (options.streamsClient as DynamoDBStreamsClient | undefined) ?? (await streamsClientLike(mod, client));
  const owned = options.streamsClient === undefined;
  const abort = new AbortController();
  const signal = { abortSignal: abort.signal };

  const shards = new Map<string, ShardState>();
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let delivered = 0;
  const failures: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;

  const refreshShards = async () => {
    let start: string | undefined;
    do {
      const out = await streams.send(
        new mod.DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
        signal,
      );
      for (const shard of out.StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || shards.has(shard.ShardId)) continue;
        shards.set(shard.ShardId, {
          id: shard.ShardId,
          parent: shard.ParentShardId,
          iterator: undefined,
          last: undefined,
          retryAt: undefined,
          failedAt: undefined,
          retries: 0,
          done: false,
        });
      }
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
  };

  /**
   * Where a new iterator of `shard` starts: at a failed record to deliver again, after the last delivered, or
   * at the oldest record kept (records up to `last` are skipped by poll()).
   */
  const startOf = (shard: ShardState, last: string | undefined) =>
    shard.retryAt !== undefined
      ? { ShardIteratorType: 'AT_SEQUENCE_NUMBER' as const, SequenceNumber: shard.retryAt }
      : last !== undefined
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: last }
        : { ShardIteratorType: 'TRIM_HORIZON' as const };

  const iteratorAt = async (shard: ShardState, last: string | undefined): Promise<string | undefined> => {
    const out = await streams.send(
      new mod.GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.id, ...startOf(shard, last) }),
      signal,
    );
    return out.ShardIterator;
  };

  const iteratorOf = async (shard: ShardState): Promise<string | undefined> => {
    try {
      return await iteratorAt(shard, shard.last);
    } catch (error) {
      // The record to resume at or after is gone from the shard: start at the oldest kept (delivered ones are
      // skipped).
      if ((shard.last === undefined && shard.retryAt === undefined) || !RESTART.has(nameOf(error))) throw error;
      shard.retryAt = undefined;
      return await iteratorAt(shard, undefined);
    }
  };

  // A child shard waits for its parent, so records of one item stay in order.
  const ready = (shard: ShardState) =>
    !shard.done && (shard.parent === undefined || shards.get(shard.parent)?.done !== false);

  const poll = async (shard: ShardState): Promise<boolean> => {
    shard.iterator ??= await iteratorOf(shard);
    if (shard.iterator === undefined) {
      shard.done = true;
      return false;
    }
    let out: { Records?: _Record[]; NextShardIterator?: string };
    try {
      out = await streams.send(new mod.GetRecordsCommand({ ShardIterator: shard.iterator, Limit: batchSize }), signal);
    } catch (error) {
      // An iterator expires after 15 minutes, and DynamoDB Local also answers TrimmedDataAccessException for
      // one that idled on an empty shard: ask for a new one where delivery stands.
      if (!RESTART.has(nameOf(error))) throw error;
      shard.iterator = undefined;
      return false;
    }
    shard.iterator = out.NextShardIterator;
    if (shard.iterator === undefined) shard.done = true;
    const records = (out.Records ?? []).filter((r) => after(r.dynamodb?.SequenceNumber, shard.last));
    if (records.length === 0 || stopped) return false;
    const event: DynamoDBStreamEvent = { Records: records.map((r) => lambdaRecord(r, streamArn)) };
    const answer = (await handler(event)) as Partial<StreamBatchResponse> | undefined;
    delivered += records.length;
    const failed = answer?.batchItemFailures ?? [];
    for (const f of failed) failures.push(f.itemIdentifier);
    const from = failed.length === 0 ? -1 : firstFailed(records, failed);
    shard.retryAt = undefined;
    const failedAt = from < 0 ? undefined : records[from]?.dynamodb?.SequenceNumber;
    // The count is per checkpoint: once the lowest failed record is a later one (the earlier ones went through
    // on a retry), that record has its own maxRetryAttempts; without this, a record that failed after an
    // earlier one had been retried would be passed over with fewer retries, or none.
    if (failedAt === undefined || shard.failedAt === undefined || after(failedAt, shard.failedAt)) shard.retries = 0;
    shard.failedAt = failedAt;
    if (from < 0 || shard.retries >= maxRetryAttempts) {
      shard.retries = 0;
      shard.failedAt = undefined;
      shard.last = records[records.length - 1]?.dynamodb?.SequenceNumber ?? shard.last;
      return true;
    }
    // As Lambda: the checkpoint is the lowest failed record; it and every record after it come again.
    shard.retries += 1;
    shard.last = records[from - 1]?.dynamodb?.SequenceNumber ?? shard.last;
    shard.retryAt = records[from]?.dynamodb?.SequenceNumber;
    shard.iterator = undefined;
    shard.done = false;
    return true;
  };

  const pause = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, pollIntervalMs);
    }).finally(() => {
      timer = undefined;
      wake = undefined;
    });

  /**
   * LATEST, fixed as a sequence number: the last record `shard` holds now (undefined when it holds none, so
   * that all its records are new). A LATEST iterator would stand at the same place, but the Streams API does
   * not say where: once it expires (DynamoDB Local also ends idle ones with TrimmedDataAccessException),
   * asking for LATEST again would skip what was written meanwhile, and there is no going back to it. A
   * sequence number can be resumed after (AFTER_SEQUENCE_NUMBER, or TRIM_HORIZON with the records up to it
   * skipped), and the creation times of records are too coarse (DynamoDB Local gives whole minutes) to tell
   * the old ones. Reading the shard to its end costs one GetRecords per 1000 records kept.
   */
  const lastRecordOf = async (shard: ShardState): Promise<string | undefined> => {
    let last: string | undefined;
    let iterator = (
      await streams.send(
        new mod.GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.id, ShardIteratorType: 'TRIM_HORIZON' }),
        signal,
      )
    ).ShardIterator;
    while (iterator !== undefined) {
      const out = await streams.send(new mod.GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }), signal);
      const records = out.Records ?? [];
      if (records.length === 0) break;
      last = records[records.length - 1]?.dynamodb?.SequenceNumber ?? last;
      iterator = out.NextShardIterator;
    }
    return last;
  };

  // The shards there now, and with LATEST their start, are fixed before followStream resolves: a write made
  // once it has resolved comes after them.
  try {
    await refreshShards();
    if (options.startingPosition === 'LATEST') {
      for (const shard of shards.values()) shard.last = await lastRecordOf(shard);
    }
  } catch (error) {
    if (owned) streams.destroy();
    throw error;
  }

  const run = async () => {
    // Shards appear as the stream splits them; look for new ones now and then, from their start.
    let describedAt = Date.now();
    while (!stopped) {
      let busy = false;
      for (const shard of shards.values()) {
        if (stopped) return;
        if (ready(shard) && (await poll(shard))) busy = true;
      }
      if (stopped) return;
      if (Date.now() - describedAt > 1000) {
        await refreshShards();
        describedAt = Date.now();
      }
      if (!busy) await pause();
    }
  };

  const running = run().catch((error: unknown) => {
    if (stopped && isAbort(error)) return;
    failure = { error: asError(error) };
    stopped = true;
  });

  return {
    streamArn,
    get delivered() {
      return delivered;
    },
    failures,
    get error() {
      return failure?.error;
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      wake?.();
      abort.abort();
      await running;
      if (owned) streams.destroy();
      if (failure) throw failure.error;
    },
  };
}

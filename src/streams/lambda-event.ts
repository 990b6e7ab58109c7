/**
 * The Lambda DynamoDB stream event, as the `aws-lambda` type definitions describe it, declared here so that
 * users need no extra type package. Binary values arrive base64-encoded in a Lambda event (`B: string`);
 * records read with the SDK carry `Uint8Array`s: both are accepted.
 */

/** One attribute value of a stream image. */
export interface StreamAttributeValue {
  /** A string. */
  S?: string;
  /** A number, as its decimal text. */
  N?: string;
  /** Binary: base64 text in a Lambda event, bytes when read with the SDK. */
  B?: string | Uint8Array;
  /** A string set. */
  SS?: string[];
  /** A number set, as decimal texts. */
  NS?: string[];
  /** A binary set. */
  BS?: (string | Uint8Array)[];
  /** A map. */
  M?: Record<string, StreamAttributeValue>;
  /** A list. */
  L?: StreamAttributeValue[];
  /** Null (always true when present). */
  NULL?: boolean;
  /** A boolean. */
  BOOL?: boolean;
}

/** An item (or key) in a stream record: attribute name to value. */
export type StreamImage = Record<string, StreamAttributeValue>;

/** What the stream writes into each record: the keys only, the new item, the old item, or both. */
export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** What happened to the item: created, changed or removed. */
export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** The `dynamodb` part of a record. */
export interface DynamoDBStreamRecord {
  /** Epoch seconds. */
  ApproximateCreationDateTime?: number;
  /** The key attributes of the item. */
  Keys?: StreamImage;
  /** The item after the change (view types NEW_IMAGE and NEW_AND_OLD_IMAGES; not on REMOVE). */
  NewImage?: StreamImage;
  /** The item before the change (view types OLD_IMAGE and NEW_AND_OLD_IMAGES; not on INSERT). */
  OldImage?: StreamImage;
  /** The record's position in its shard: increases with each change of the shard. */
  SequenceNumber?: string;
  /** The size of the record in bytes. */
  SizeBytes?: number;
  /** What the stream writes into its records. */
  StreamViewType?: StreamViewType;
}

/** One record of a DynamoDB stream event: a change of one item. */
export interface DynamoDBRecord {
  /** The region of the table. */
  awsRegion?: string;
  /** The change itself: keys, images, sequence number. */
  dynamodb?: DynamoDBStreamRecord;
  /** A unique id of the record. */
  eventID?: string;
  /** Created, changed or removed. */
  eventName?: StreamEventName;
  /** `aws:dynamodb`. */
  eventSource?: string;
  /** `arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>`: names the record's table. */
  eventSourceARN?: string;
  /** The version of the record format. */
  eventVersion?: string;
  /** On the REMOVE of an item its TTL deleted: `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }`. */
  userIdentity?: {
    /** `Service` for a TTL deletion. */
    type?: string;
    /** `dynamodb.amazonaws.com` for a TTL deletion. */
    principalId?: string;
  };
}

/** The event a Lambda function subscribed to a DynamoDB stream receives. */
export interface DynamoDBStreamEvent {
  /** The records of the batch, in stream order per shard. */
  Records: DynamoDBRecord[];
}

/** Lambda's partial batch response: the records to retry (Lambda retries from the lowest sequence number). */
export interface StreamBatchResponse {
  /** The records that failed (an empty list: the whole batch succeeded). */
  batchItemFailures: {
    /** The sequence number of a failed record. */
    itemIdentifier: string;
  }[];
}

/** The table a stream ARN belongs to, or undefined when it is not one. */
export function tableOfStreamArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const start = arn.indexOf(':table/');
  if (start < 0) return undefined;
  const end = arn.indexOf('/stream/', start + 7);
  return arn.slice(start + 7, end < 0 ? undefined : end);
}

/**
 * The Lambda DynamoDB stream event, as the `aws-lambda` type definitions describe it, declared here so that
 * users need no extra type package. Binary values arrive base64-encoded in a Lambda event (`B: string`);
 * records read with the SDK carry `Uint8Array`s: both are accepted.
 */

/** One attribute value of a stream image. */
export interface StreamAttributeValue {
  S?: string;
  N?: string;
  B?: string | Uint8Array;
  SS?: string[];
  NS?: string[];
  BS?: (string | Uint8Array)[];
  M?: Record<string, StreamAttributeValue>;
  L?: StreamAttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}

export type StreamImage = Record<string, StreamAttributeValue>;

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** The `dynamodb` part of a record. */
export interface DynamoDBStreamRecord {
  /** Epoch seconds. */
  ApproximateCreationDateTime?: number;
  Keys?: StreamImage;
  NewImage?: StreamImage;
  OldImage?: StreamImage;
  SequenceNumber?: string;
  SizeBytes?: number;
  StreamViewType?: StreamViewType;
}

export interface DynamoDBRecord {
  awsRegion?: string;
  dynamodb?: DynamoDBStreamRecord;
  eventID?: string;
  eventName?: StreamEventName;
  eventSource?: string;
  /** `arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>`: names the record's table. */
  eventSourceARN?: string;
  eventVersion?: string;
  /** On the REMOVE of an item its TTL deleted: `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }`. */
  userIdentity?: { type?: string; principalId?: string };
}

export interface DynamoDBStreamEvent {
  Records: DynamoDBRecord[];
}

/** Lambda's partial batch response: the records to retry (Lambda retries from the lowest sequence number). */
export interface StreamBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** The table a stream ARN belongs to, or undefined when it is not one. */
export function tableOfStreamArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const start = arn.indexOf(':table/');
  if (start < 0) return undefined;
  const end = arn.indexOf('/stream/', start + 7);
  return arn.slice(start + 7, end < 0 ? undefined : end);
}

// Stream records built by hand, shaped as Lambda delivers them: for the cases DynamoDB Local's stream cannot
// produce on demand (items without a discriminator, an item that changed class at its key).
import type { DynamoDBRecord, StreamImage, StreamViewType } from '../../src/streams/index.js';

export const streamArnOf = (table: string): string =>
  `arn:aws:dynamodb:us-east-1:123456789012:table/${table}/stream/2024-01-01T00:00:00.000`;

let sequence = 100;

/** A record of `table`, with a new sequence number each call. */
export function handBuilt(
  table: string,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  view: StreamViewType,
  keys: StreamImage,
  images: { OldImage?: StreamImage; NewImage?: StreamImage } = {},
): DynamoDBRecord {
  sequence += 1;
  return {
    eventID: `e${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    eventSourceARN: streamArnOf(table),
    awsRegion: 'us-east-1',
    dynamodb: {
      Keys: keys,
      SequenceNumber: `${sequence}000000000000000000001`,
      StreamViewType: view,
      ApproximateCreationDateTime: 1_700_000_000,
      ...images,
    },
  };
}

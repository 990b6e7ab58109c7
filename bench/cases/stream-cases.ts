import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { changesOf, type DynamoDBStreamEvent, type StreamImage } from '../../src/streams/index.js';
import { BenchItem, storedItem } from './bench-item.js';
import type { NamedPair } from './single-item-cases.js';

/** A Lambda event of 100 MODIFY records (NEW_AND_OLD_IMAGES) of the bench table: the score of each item changed. */
export function streamEvent(records = 100): DynamoDBStreamEvent {
  return {
    Records: Array.from({ length: records }, (_, n) => {
      const oldImage = storedItem(n) as StreamImage;
      const newImage = { ...oldImage, score: { N: '98.5' } };
      return {
        eventID: `event-${n}`,
        eventName: 'MODIFY' as const,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/bench/stream/2026-01-01T00:00:00.000',
        dynamodb: {
          ApproximateCreationDateTime: 1767225600,
          Keys: { pk: oldImage.pk as StreamImage[string], sk: oldImage.sk as StreamImage[string] },
          NewImage: newImage,
          OldImage: oldImage,
          SequenceNumber: String(100000000000000000000 + n),
          SizeBytes: 400,
          StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
        },
      };
    }),
  };
}

/**
 * Mapping a 100-record event: what a raw-SDK user writes (`unmarshall` of the keys and both images of each
 * record) against `changesOf` (entity resolution, hydrated instances with dates and sets, keys, changed
 * attributes).
 */
export function streamCases(): NamedPair[] {
  const event = streamEvent();
  const image = (i: StreamImage | undefined) => i && unmarshall(i as Record<string, AttributeValue>);
  return [
    {
      name: 'stream event 100 records',
      raw: async () =>
        event.Records.map((r) => ({
          eventName: r.eventName,
          keys: image(r.dynamodb?.Keys),
          oldItem: image(r.dynamodb?.OldImage),
          newItem: image(r.dynamodb?.NewImage),
        })),
      fluent: async () => changesOf(event, [BenchItem]),
    },
  ];
}

import 'reflect-metadata';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { Attribute, PartitionKey, SortKey, Table } from '../../src/index.js';

/** A 12-attribute item of mixed types, the shape the budgets are defined on. */
@Table('bench')
export class BenchItem {
  @PartitionKey({ attribute: 'pk', prefix: 'ITEM' }) id!: string;
  @SortKey({ attribute: 'sk' }) kind!: string;
  @Attribute() name!: string;
  @Attribute() email!: string;
  @Attribute() age!: number;
  @Attribute() score!: number;
  @Attribute() active!: boolean;
  @Attribute({ type: Date }) createdAt!: Date;
  @Attribute({ type: Set }) tags!: Set<string>;
  @Attribute({ type: Array }) history!: number[];
  @Attribute({ type: Object }) address!: { street: string; city: string; zip: string };
  @Attribute() status!: string;
}

export const CREATED_AT = '2026-01-02T03:04:05.678Z';

/** The stored form of item n, as DynamoDB would return it. */
export function storedItem(n: number): Record<string, AttributeValue> {
  return {
    pk: { S: `ITEM#${n}` },
    sk: { S: 'PROFILE' },
    name: { S: `Name ${n}` },
    email: { S: `user${n}@example.com` },
    age: { N: String(20 + (n % 50)) },
    score: { N: '97.25' },
    active: { BOOL: true },
    createdAt: { S: CREATED_AT },
    tags: { SS: ['a', 'b', 'c'] },
    history: { L: [{ N: '1' }, { N: '2' }, { N: '3' }] },
    address: { M: { street: { S: 'Main St 1' }, city: { S: 'Berlin' }, zip: { S: '10115' } } },
    status: { S: 'active' },
  };
}

/** The entity form of item n. */
export function benchItem(n: number): BenchItem {
  return Object.assign(new BenchItem(), {
    id: String(n),
    kind: 'PROFILE',
    name: `Name ${n}`,
    email: `user${n}@example.com`,
    age: 20 + (n % 50),
    score: 97.25,
    active: true,
    createdAt: new Date(CREATED_AT),
    tags: new Set(['a', 'b', 'c']),
    history: [1, 2, 3],
    address: { street: 'Main St 1', city: 'Berlin', zip: '10115' },
    status: 'active',
  });
}

/**
 * What a raw-SDK user writes for item n: a plain object, the date as ISO
 * string, and the `_type` attribute fluent-dynamo writes as discriminator,
 * so that both sides send the very same item and the ratio compares only
 * the client-side work.
 */
export function plainItem(n: number): Record<string, unknown> {
  return {
    _type: 'BenchItem',
    pk: `ITEM#${n}`,
    sk: 'PROFILE',
    name: `Name ${n}`,
    email: `user${n}@example.com`,
    age: 20 + (n % 50),
    score: 97.25,
    active: true,
    createdAt: CREATED_AT,
    tags: new Set(['a', 'b', 'c']),
    history: [1, 2, 3],
    address: { street: 'Main St 1', city: 'Berlin', zip: '10115' },
    status: 'active',
  };
}

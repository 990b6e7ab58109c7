/**
 * The JavaScript each side runs around the SDK, without the SDK: what the
 * raw side does with marshall / unmarshall, and what fluent-dynamo does to
 * build the request (builders, mapping, expression rendering) and to turn
 * the response into entities. Shows how much of a request is ours; the rest
 * (serialisation, signing, middleware, parsing) is the SDK's, the same on
 * both sides.
 *
 *   node build/bench/profile/client-side.js
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  BatchGetItemRequestBuilder,
  fieldsOf,
  keysOf,
  Repository,
  TransactWriteItemsRequestBuilder,
} from '../../src/index.js';
import { BenchItem, benchItem, plainItem, storedItem } from '../cases/bench-item.js';
import { median } from '../harness/measure.js';
import { cannedClient } from '../transport/canned-client.js';

const client = cannedClient('bench');
const repo = new Repository(BenchItem, { client, tableName: 'bench' });
const F = fieldsOf(BenchItem);
const K = keysOf(BenchItem);
const entity = benchItem(1);
const plain = plainItem(1);
const stored = storedItem(1);
const hundred = Array.from({ length: 100 }, (_, i) => storedItem(i));
const ids = Array.from({ length: 100 }, (_, i) => String(i));
const entities = Array.from({ length: 10 }, (_, i) => benchItem(i));
const plains = Array.from({ length: 10 }, (_, i) => plainItem(i));
const hydrate = (items: Record<string, AttributeValue>[]) => items.map((item) => repo.target.hydrate(item));

const cases: Record<string, { raw: () => unknown; fluent: () => unknown }> = {
  get: {
    raw: () => [marshall({ pk: 'ITEM#1', sk: 'PROFILE' }), unmarshall(stored)],
    fluent: () => [repo.get.withKey({ id: '1', kind: 'PROFILE' }).toInput(), repo.target.fromItem(stored)],
  },
  put: {
    raw: () => marshall(plain, { removeUndefinedValues: true }),
    fluent: () => repo.put.withItem(entity).toInput(),
  },
  'update with condition': {
    raw: () => [
      marshall({ pk: 'ITEM#1', sk: 'PROFILE' }),
      marshall({ ':name': 'Jane', ':inc': 1, ':status': 'active' }),
    ],
    fluent: () =>
      repo.update
        .withKey({ id: '1', kind: 'PROFILE' })
        .set(`SET ${F.name} = {0}, ${F.score} = ${F.score} + {1}`, 'Jane', 1)
        .where(`${F.status} = {0}`, 'active')
        .toInput(),
  },
  'query 100 items': {
    raw: () => [marshall({ ':pk': 'ITEM#1' }), hundred.map((item) => unmarshall(item))],
    fluent: () => [repo.query.where(`${F.id} = {0}`, K.pk('1')).toInput(), hydrate(hundred)],
  },
  'batch get 100 keys (request only)': {
    raw: () => ids.map((id) => marshall({ pk: `ITEM#${id}`, sk: 'PROFILE' })),
    fluent: () => {
      const batch = new BatchGetItemRequestBuilder(client);
      for (const id of ids) batch.get(repo, (b) => b.withKey({ id, kind: 'PROFILE' }));
      return batch;
    },
  },
  'transact write 10 items': {
    raw: () => plains.map((p) => ({ Put: { TableName: 'bench', Item: marshall(p, { removeUndefinedValues: true }) } })),
    fluent: () => {
      const tx = new TransactWriteItemsRequestBuilder(client);
      for (const e of entities) tx.put(repo, (b) => b.withItem(e));
      return tx.toInput();
    },
  },
};

function usPerCall(fn: () => unknown, n: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start) / n / 1000;
}

console.log('µs per operation, JavaScript around the SDK only (median of 15 rounds)');
for (const [name, c] of Object.entries(cases)) {
  const n = name.includes('100') ? 200 : name.includes('10 items') ? 500 : 5000;
  usPerCall(c.raw, n);
  usPerCall(c.fluent, n);
  const raws: number[] = [];
  const fluents: number[] = [];
  for (let round = 0; round < 15; round++) {
    raws.push(usPerCall(c.raw, n));
    fluents.push(usPerCall(c.fluent, n));
  }
  console.log(
    `${name.padEnd(36)} raw ${median(raws).toFixed(1).padStart(7)}  fluent ${median(fluents).toFixed(1).padStart(7)}`,
  );
}
client.destroy();

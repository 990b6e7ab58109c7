import { TransactWriteItemsCommand, BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { BatchGetItemRequestBuilder, Repository, TransactWriteItemsRequestBuilder } from '../src/index.js';
import { BenchItem, benchItem, plainItem } from './cases/bench-item.js';
import { nsPerOp } from './harness/measure.js';
import { cannedClient } from './transport/canned-client.js';
const client = cannedClient();
const repo = new Repository(BenchItem, { client, tableName: 'bench' });
const entities = Array.from({ length: 10 }, (_, i) => benchItem(i));
const plains = Array.from({ length: 10 }, (_, i) => plainItem(i));
const ids = Array.from({ length: 100 }, (_, i) => String(i));
const buildTx = () => { const tx = new TransactWriteItemsRequestBuilder(client); for (const e of entities) tx.put(repo, (b) => b.withItem(e)); return tx; };
const fixedTx = buildTx().toInput();
const buildBatch = () => { const b = new BatchGetItemRequestBuilder(client); for (const id of ids) b.get(repo, (x) => x.withKey({ id, kind: 'PROFILE' })); return b; };
const stages: Record<string, () => unknown> = {
  'tx raw marshall 10': () => plains.map((p) => ({ Put: { TableName: 'bench', Item: marshall(p, { removeUndefinedValues: true }) } })),
  'tx fluent: 10 x withItem only': () => entities.map((e) => repo.put.withItem(e)),
  'tx fluent: 10 x withItem+toInput': () => entities.map((e) => repo.put.withItem(e).toInput()),
  'tx fluent: build (10 put())': buildTx,
  'tx fluent: build + toInput': () => buildTx().toInput(),
  'batch raw marshall 100 keys': () => ids.map((id) => marshall({ pk: `ITEM#${id}`, sk: 'PROFILE' })),
  'batch fluent: build (100 get())': buildBatch,
};
for (const [name, fn] of Object.entries(stages)) {
  const f = async () => fn();
  await nsPerOp(f, 2000);
  console.log(name.padEnd(40), (await nsPerOp(f, 5000) / 1000).toFixed(1), 'µs');
}
const sdkTx = () => client.send(new TransactWriteItemsCommand(structuredClone(fixedTx)));
await nsPerOp(sdkTx, 300);
console.log('tx SDK send only (prebuilt input)'.padEnd(40), (await nsPerOp(sdkTx, 1500) / 1000).toFixed(1), 'µs');
const keys = ids.map((id) => marshall({ pk: `ITEM#${id}`, sk: 'PROFILE' }));
const sdkB = () => client.send(new BatchGetItemCommand({ RequestItems: { bench: { Keys: keys } } }));
await nsPerOp(sdkB, 300);
console.log('batch SDK send only (prebuilt keys)'.padEnd(40), (await nsPerOp(sdkB, 1000) / 1000).toFixed(1), 'µs');

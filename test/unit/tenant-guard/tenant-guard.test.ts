import test from 'ava';
import {
  BatchGetItemRequestBuilder,
  BatchWriteItemRequestBuilder,
  runInTenantScope,
  TenantIsolationError,
  TransactGetItemsRequestBuilder,
  TransactWriteItemsRequestBuilder,
} from '../../../src/index.js';
import { DocKeys, newDoc, recordingRepositories } from '../support/entities.js';

/** Each refusal must leave the recording client without a single request: nothing was sent. */
const acme = <R>(fn: () => R) => runInTenantScope({ tenantId: 'acme' }, fn);
const other = { tenantId: 'other', docId: 'd1', rev: 1 };

test('inside the scope, a request on the tenant’s own key is sent', async (t) => {
  const { docs, recorder } = recordingRepositories();
  await acme(() => docs.get.withKey({ tenantId: 'acme', docId: 'd1', rev: 1 }).execute());
  t.deepEqual(
    recorder.requests.map((r) => [r.operation, r.body.Key]),
    [['GetItem', { pk: { S: 'TENANT#acme#DOC#d1' }, sk: { S: 'V#1' } }]],
  );
});

test('single-item requests on another tenant’s key are refused and nothing is sent', async (t) => {
  const { docs, recorder } = recordingRepositories();
  const attempts: Array<[string, () => Promise<unknown>]> = [
    ['GetItem', () => docs.get.withKey(other).execute()],
    ['PutItem', () => docs.put.withItem(newDoc('other', 'd1')).execute()],
    ['UpdateItem', () => docs.update.withKey(other).set('SET title = {0}', 'x').execute()],
    ['DeleteItem', () => docs.delete.withKey(other).execute()],
    [
      'Query',
      () => docs.query.where(`${DocKeys.pk.attribute} = {0}`, DocKeys.pk({ tenantId: 'other', docId: 'd1' })).execute(),
    ],
    // acme2 starts with "acme" but is another tenant.
    ['GetItem', () => docs.get.withKey({ ...other, tenantId: 'acme2' }).execute()],
  ];
  for (const [operation, attempt] of attempts) {
    const error = await acme(() => t.throwsAsync(attempt(), { instanceOf: TenantIsolationError }));
    t.is(error?.operation, operation);
    t.is(error?.tenantId, 'acme');
    t.is(error?.table, 'unit_tenant_docs');
  }
  t.deepEqual(recorder.requests, []);
});

test('a scan is refused in a scope unless the scope allows it', async (t) => {
  const { docs, recorder } = recordingRepositories();
  await acme(() =>
    t.throwsAsync(docs.scan.execute(), {
      instanceOf: TenantIsolationError,
      message: /a scan reads every tenant's items/,
    }),
  );
  t.deepEqual(recorder.requests, []);
  await runInTenantScope({ tenantId: 'acme', allowScan: true }, () => docs.scan.execute());
  t.deepEqual(
    recorder.requests.map((r) => r.operation),
    ['Scan'],
  );
});

test('batches and transactions with one foreign key among the tenant’s own are refused whole, before the first request', async (t) => {
  const { docs, recorder } = recordingRepositories();
  const mine = { tenantId: 'acme', docId: 'd1', rev: 1 };
  const attempts: Array<[string, () => Promise<unknown>]> = [
    [
      'BatchGetItem',
      () =>
        new BatchGetItemRequestBuilder(recorder.client)
          .get(docs, (b) => b.withKey(mine))
          .get(docs, (b) => b.withKey(other))
          .execute(),
    ],
    [
      'BatchWriteItem',
      () =>
        new BatchWriteItemRequestBuilder(recorder.client)
          .put(docs, (b) => b.withItem(newDoc('acme', 'd2')))
          .delete(docs, (b) => b.withKey(other))
          .execute(),
    ],
    [
      'TransactWriteItems',
      () =>
        new TransactWriteItemsRequestBuilder(recorder.client)
          .put(docs, (b) => b.withItem(newDoc('acme', 'd3')))
          .put(docs, (b) => b.withItem(newDoc('other', 'd3')))
          .execute(),
    ],
    [
      'TransactGetItems',
      () =>
        new TransactGetItemsRequestBuilder(recorder.client)
          .get(docs, (b) => b.withKey(mine))
          .get(docs, (b) => b.withKey(other))
          .execute(),
    ],
  ];
  for (const [operation, attempt] of attempts) {
    const error = await acme(() => t.throwsAsync(attempt(), { instanceOf: TenantIsolationError }));
    t.is(error?.operation, operation);
    t.regex(error?.message ?? '', /TENANT#other#DOC#d1|TENANT#other#DOC#d3/);
  }
  t.deepEqual(recorder.requests, []);
});

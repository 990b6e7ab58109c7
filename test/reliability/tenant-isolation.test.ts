// Bad input against the tenant key guard (runInTenantScope), generated with fast-check: no tenant ever reads or
// writes another tenant's key.
//
// - Adversarial partition keys around the tenant's prefix (the prefix itself, the prefix plus the separator,
//   longer tenant ids, cut prefixes, case and whitespace variants, look-alike characters, other tenants, random
//   strings), through every operation that carries a key: the guard's decision is exactly "the prefix, or the
//   prefix followed by #"; a refusal is a TenantIsolationError and nothing is sent.
// - Typed keys of other tenants (also formatted by a key condition from an object of parts), index queries, scans, batches with one foreign key (also beyond the first
//   request), transactions with one foreign operation, nested scopes, and many tenants' scopes interleaved on one
//   shared prepared builder.
// - Against DynamoDB Local: tenants writing concurrently in their scopes, with foreign attempts mixed in; afterwards
//   every stored item is in its writer's partition.
// - Tenant ids that hold the scope's key separator (a custom one too), ':' or control characters are refused.
import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import fc from 'fast-check';
import {
  BatchGetItemRequestBuilder,
  BatchWriteItemRequestBuilder,
  createTable,
  DynamoDbTable,
  FluentDynamoError,
  InvalidRequestError,
  Repository,
  runInTenantScope,
  TenantIsolationError,
  TransactGetItemsRequestBuilder,
  TransactWriteItemsRequestBuilder,
} from '../../src/index.js';
import { randomAlphanumeric, testClient, uniqueTableName } from '../support/dynamo.js';
import { countingClient } from './support/clients.js';
import { ItemFields as F, ItemKeys, TenantItem, tenantItem } from './support/entities.js';
import { figuresFor } from './support/figures.js';
import { sized } from './support/profile.js';

const figures = figuresFor(test, 'tenant-isolation');
fc.configureGlobal({ includeErrorInReport: true });
const RUNS = sized('RELIABILITY_FC_RUNS', 150, 50);

const ITEMS_TABLE = uniqueTableName('iso-items');
const RAW_TABLE = uniqueTableName('iso-raw');

/** Repositories on a client that counts what reaches it and sends nothing. */
function counted() {
  const client = countingClient();
  return {
    client,
    items: new Repository(TenantItem, { client, tableName: ITEMS_TABLE }),
    raw: new DynamoDbTable(client, RAW_TABLE, {
      partitionKey: 'pk',
      sortKey: 'sk',
      // Its values are the items' partition keys, as the application writes them: declared tenant-prefixed, so a
      // scope may query the index (a plain one it refuses) and every value written to it is checked.
      indexes: [{ name: 'ByOwner', type: 'global', partition: 'owner', tenantPrefixed: true }],
    }),
  };
}

const tenantId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.@+=,-]{0,11}$/);
const owns = (prefix: string, key: string) => key === prefix || key.startsWith(`${prefix}#`);

/** Partition keys around `prefix`, owned and not. */
function keysAround(prefix: string, other: string): fc.Arbitrary<string> {
  const notHash = fc.constantFrom(...'aZ09-_.@+=,:/ *?|\\$%\u0000\u200b＃﹟'.split(''));
  return fc
    .oneof(
      fc.constant(prefix),
      fc.string({ maxLength: 12 }).map((rest) => `${prefix}#${rest}`),
      fc.tuple(notHash, fc.string({ maxLength: 8 })).map(([c, rest]) => `${prefix}${c}${rest}`),
      fc.integer({ min: 1, max: prefix.length - 1 }).map((k) => prefix.slice(0, k)),
      fc.constantFrom(
        prefix.toLowerCase(),
        prefix.toUpperCase(),
        ` ${prefix}`,
        `${prefix} `,
        `${prefix}\u0000`,
        `${prefix}＃x`,
        `tenant#${prefix.slice(7)}`,
      ),
      fc.constantFrom(`TENANT#${other}`, `TENANT#${other}#ITEM#1`, `TENANT#${other}#${prefix}`),
      fc.string({ minLength: 1, maxLength: 20 }),
    )
    .filter((key) => key.length > 0);
}

const RAW_USES = [
  'get',
  'put',
  'update',
  'delete',
  'query',
  'indexQuery',
  'count',
  'batchGet',
  'batchPut',
  'batchDelete',
  'txPut',
  'txUpdate',
  'txDelete',
  'txCheck',
  'txGet',
] as const;

/** One request of kind `use` whose partition key is `pk` (the index's partition for indexQuery). */
function rawRequest(c: ReturnType<typeof counted>, use: (typeof RAW_USES)[number], pk: string): Promise<unknown> {
  const { raw, client } = c;
  const item = { pk, sk: 'S#1', owner: pk, note: 'x' };
  switch (use) {
    case 'get':
      return raw.get.withKey('pk', pk, 'sk', 'S#1').execute();
    case 'put':
      return raw.put.withItem(item).execute();
    case 'update':
      return raw.update.withKey('pk', pk, 'sk', 'S#1').set('SET note = {0}', 'y').execute();
    case 'delete':
      return raw.delete.withKey('pk', pk, 'sk', 'S#1').execute();
    case 'query':
      return raw.query.where('pk = {0} AND begins_with(sk, {1})', pk, 'S#').execute();
    case 'indexQuery':
      return raw.query.withIndex('ByOwner').where('owner = {0}', pk).execute();
    case 'count':
      return raw.query.where('pk = {0}', pk).count();
    case 'batchGet':
      return new BatchGetItemRequestBuilder(client).get(raw, (b) => b.withKey('pk', pk, 'sk', 'S#1')).execute();
    case 'batchPut':
      return new BatchWriteItemRequestBuilder(client).put(raw, (b) => b.withItem(item)).execute();
    case 'batchDelete':
      return new BatchWriteItemRequestBuilder(client).delete(raw, (b) => b.withKey('pk', pk, 'sk', 'S#1')).execute();
    case 'txPut':
      return new TransactWriteItemsRequestBuilder(client).put(raw, (b) => b.withItem(item)).execute();
    case 'txUpdate':
      return new TransactWriteItemsRequestBuilder(client)
        .update(raw, (b) => b.withKey('pk', pk, 'sk', 'S#1').set('SET note = {0}', 'y'))
        .execute();
    case 'txDelete':
      return new TransactWriteItemsRequestBuilder(client)
        .delete(raw, (b) => b.withKey('pk', pk, 'sk', 'S#1'))
        .execute();
    case 'txCheck':
      return new TransactWriteItemsRequestBuilder(client)
        .conditionCheck(raw, (b) => b.withKey('pk', pk, 'sk', 'S#1').where('attribute_exists(note)'))
        .execute();
    default:
      return new TransactGetItemsRequestBuilder(client).get(raw, (b) => b.withKey('pk', pk, 'sk', 'S#1')).execute();
  }
}

/** What the guard decided for one request: 'refused' (TenantIsolationError, nothing sent) or 'sent'. */
async function decision(c: ReturnType<typeof counted>, request: () => Promise<unknown>): Promise<'refused' | 'sent'> {
  const before = c.client.sent;
  figures.operations += 1;
  let error: unknown;
  try {
    await request();
  } catch (caught) {
    error = caught;
  }
  if (!(error instanceof FluentDynamoError)) throw new Error(`not a named error: ${String(error)}`);
  const sent = c.client.sent - before;
  if (error instanceof TenantIsolationError) {
    if (sent !== 0) throw new Error(`TenantIsolationError after sending ${sent} request(s)`);
    return 'refused';
  }
  if (sent === 0) throw new Error(`neither refused by the guard nor sent: ${error.name}: ${error.message}`);
  return 'sent';
}

test("generated partition keys through every operation: refused exactly when not the tenant's prefix or prefix + #, before sending", async (t) => {
  const c = counted();
  let refused = 0;
  let allowed = 0;
  await fc.assert(
    fc.asyncProperty(
      fc
        .tuple(tenantId, tenantId)
        .filter(([a, b]) => a !== b)
        .chain(([a, b]) => fc.tuple(fc.constant(a), keysAround(`TENANT#${a}`, b), fc.constantFrom(...RAW_USES))),
      async ([scope, pk, use]) => {
        const expected = owns(`TENANT#${scope}`, pk) ? 'sent' : 'refused';
        const got = await runInTenantScope({ tenantId: scope }, () => decision(c, () => rawRequest(c, use, pk)));
        if (got !== expected)
          throw new Error(`${use} of ${JSON.stringify(pk)} in ${scope}'s scope: ${got}, expected ${expected}`);
        if (got === 'refused') {
          refused += 1;
          figures.add({ badInputs: 1, isolationAttacks: 1 });
        } else allowed += 1;
      },
    ),
    { numRuns: RUNS * 6 },
  );
  t.log(`${refused} refused, ${allowed} allowed`);
  t.true(refused > 0 && allowed > 0);
});

test("typed keys, items and index values of other tenants are refused before sending; the tenant's own go through", async (t) => {
  const c = counted();
  await fc.assert(
    fc.asyncProperty(
      tenantId,
      tenantId,
      fc.constantFrom('get', 'put', 'update', 'delete', 'query', 'queryByParts', 'groupQuery', 'batch', 'tx'),
      async (scope, other, use) => {
        const target = other;
        const request = () => {
          switch (use) {
            case 'get':
              return c.items.get.withKey({ tenantId: target, itemId: 'i' }).execute();
            case 'put':
              return c.items.put.withItem(tenantItem(target, 'i', 1, [])).execute();
            case 'update':
              return c.items.update.withKey({ tenantId: target, itemId: 'i' }).set(`SET ${F.value} = {0}`, 2).execute();
            case 'delete':
              return c.items.delete.withKey({ tenantId: target, itemId: 'i' }).execute();
            case 'query':
              return c.items.query.where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId: target })).execute();
            case 'queryByParts':
              // The key condition formats the key from its parts: the guard sees the formatted partition.
              return c.items.query.where('pk = {0}' as string, { tenantId: target }).execute();
            case 'groupQuery':
              return c.items.query.withIndex('ByGroup').where(`${F.group} = {0}`, `TENANT#${target}#G#1`).execute();
            case 'batch':
              return new BatchGetItemRequestBuilder(c.client)
                .get(c.items, (b) => b.withKey({ tenantId: target, itemId: 'i' }))
                .execute();
            default:
              return new TransactWriteItemsRequestBuilder(c.client)
                .put(c.items, (b) => b.withItem(tenantItem(target, 'i', 1, [])))
                .execute();
          }
        };
        const got = await runInTenantScope({ tenantId: scope }, () => decision(c, request));
        const expected = scope === other ? 'sent' : 'refused';
        if (got !== expected) throw new Error(`${use} for ${other} in ${scope}'s scope: ${got}`);
        if (got === 'refused') figures.add({ badInputs: 1, isolationAttacks: 1 });
      },
    ),
    { numRuns: RUNS * 2 },
  );
  t.pass();
});

test('a batch or transaction with one foreign key anywhere (also beyond the first request) is refused whole, before sending', async (t) => {
  const c = counted();
  await fc.assert(
    fc.asyncProperty(
      tenantId,
      tenantId,
      fc.integer({ min: 1, max: 180 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))),
      fc.constantFrom('batchPut', 'batchDelete', 'batchGet', 'tx'),
      async (scope, other, [n, at], kind) => {
        if (scope === other) return;
        const size = kind === 'tx' ? Math.min(n, 100) : n;
        const position = Math.min(at, size - 1);
        const tenantOf = (i: number) => (i === position ? other : scope);
        const got = await runInTenantScope({ tenantId: scope }, () =>
          decision(c, () => {
            if (kind === 'batchGet') {
              const batch = new BatchGetItemRequestBuilder(c.client);
              for (let i = 0; i < size; i++)
                batch.get(c.items, (b) => b.withKey({ tenantId: tenantOf(i), itemId: `i${i}` }));
              return batch.execute();
            }
            if (kind === 'tx') {
              const tx = new TransactWriteItemsRequestBuilder(c.client);
              for (let i = 0; i < size; i++)
                tx.put(c.items, (b) => b.withItem(tenantItem(tenantOf(i), `i${i}`, i, [])));
              return tx.execute();
            }
            const batch = new BatchWriteItemRequestBuilder(c.client).skipVersionChecks();
            for (let i = 0; i < size; i++) {
              if (kind === 'batchPut') batch.put(c.items, (b) => b.withItem(tenantItem(tenantOf(i), `i${i}`, i, [])));
              else batch.delete(c.items, (b) => b.withKey({ tenantId: tenantOf(i), itemId: `i${i}` }));
            }
            return batch.execute();
          }),
        );
        if (got !== 'refused') throw new Error(`${kind} of ${size} with a foreign key at ${position}: ${got}`);
        figures.add({ badInputs: 1, isolationAttacks: 1 });
      },
    ),
    { numRuns: RUNS },
  );
  t.pass();
});

test('scans (plain, parallel, segment, count) are refused in a scope unless allowScan', async (t) => {
  const c = counted();
  await fc.assert(
    fc.asyncProperty(
      tenantId,
      fc.constantFrom('execute', 'all', 'count', 'segment', 'parallel'),
      fc.boolean(),
      async (scope, how, allowScan) => {
        const scan = () => {
          switch (how) {
            case 'execute':
              return c.items.scan.execute();
            case 'all':
              return c.items.scan.all();
            case 'count':
              return c.items.scan.count();
            case 'segment':
              return c.items.scan.segment(0, 4).execute();
            default:
              return (async () => {
                for await (const _ of c.items.scan.parallel(3)) break;
              })();
          }
        };
        const got = await runInTenantScope({ tenantId: scope, allowScan }, () => decision(c, scan));
        if (got !== (allowScan ? 'sent' : 'refused')) throw new Error(`${how} scan, allowScan ${allowScan}: ${got}`);
        if (got === 'refused') figures.add({ badInputs: 1, isolationAttacks: 1 });
      },
    ),
    { numRuns: RUNS },
  );
  t.pass();
});

test('nested scopes: the innermost tenant decides; many tenants interleaved on one shared prepared builder each get their own decision', async (t) => {
  const c = counted();
  await fc.assert(
    fc.asyncProperty(tenantId, tenantId, async (outer, inner) => {
      if (outer === inner) return;
      const got = await runInTenantScope({ tenantId: outer }, () =>
        runInTenantScope({ tenantId: inner }, async () => [
          await decision(c, () => c.items.get.withKey({ tenantId: outer, itemId: 'i' }).execute()),
          await decision(c, () => c.items.get.withKey({ tenantId: inner, itemId: 'i' }).execute()),
        ]),
      );
      if (got.join() !== 'refused,sent') throw new Error(`outer ${outer}, inner ${inner}: ${got.join()}`);
      figures.add({ badInputs: 1, isolationAttacks: 1 });
    }),
    { numRuns: RUNS },
  );
  const shared = c.items.update.set(`SET ${F.value} = {0}`, 1);
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(tenantId, { minLength: 2, maxLength: 12 }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('immediate', 'timeout', 'microtask')), {
        minLength: 5,
        maxLength: 40,
      }),
      async (tenants, steps) => {
        const sentBefore = c.client.sent;
        let allowed = 0;
        const results = await Promise.all(
          steps.map(async ([who, whose, pause], i) => {
            const scope = tenants[who % tenants.length] as string;
            const target = tenants[whose % tenants.length] as string;
            return runInTenantScope({ tenantId: scope }, async () => {
              if (pause === 'immediate') await immediate();
              else if (pause === 'timeout') await sleep(i % 3);
              else await Promise.resolve();
              // Concurrent requests: the decision is read from the error, the sending is counted over all of them.
              figures.operations += 1;
              const error = await shared
                .withKey({ tenantId: target, itemId: 'i' })
                .execute()
                .then(
                  () => undefined,
                  (e: unknown) => e,
                );
              if (!(error instanceof FluentDynamoError)) throw new Error(`not a named error: ${String(error)}`);
              const got = error instanceof TenantIsolationError ? 'refused' : 'sent';
              if (got === 'sent') allowed += 1;
              return got === (scope === target ? 'sent' : 'refused');
            });
          }),
        );
        if (!results.every(Boolean)) throw new Error('an interleaved request was decided by another scope');
        if (c.client.sent - sentBefore !== allowed) throw new Error('a refused request was sent');
        figures.badInputs += results.length;
      },
    ),
    { numRuns: 60 },
  );
  t.pass();
});

test("puts without a tenant id get the scope's; the filled key is the tenant's own", async (t) => {
  const c = counted();
  await fc.assert(
    fc.asyncProperty(tenantId, fc.stringMatching(/^[a-z0-9]{1,10}$/), async (scope, itemId) => {
      const input = runInTenantScope({ tenantId: scope }, () =>
        c.items.put
          .withItem(Object.assign(tenantItem('placeholder', itemId, 1, []), { tenantId: undefined }))
          .toInput(),
      );
      if (input.Item?.pk?.S !== `TENANT#${scope}`) throw new Error(`filled ${JSON.stringify(input.Item?.pk)}`);
    }),
    { numRuns: RUNS },
  );
  t.pass();
});

test('with a custom separator, a tenant id containing it is refused', (t) => {
  // Two tenants of one application, isolation option { separator: '|' }: 'a' and 'a|b'.
  const owned = runInTenantScope({ tenantId: 'a', separator: '|' }, () => {
    const c = counted();
    const before = c.client.sent;
    void c.raw.get
      .withKey('pk', 'TENANT#a|b', 'sk', 'S#1')
      .execute()
      .catch(() => undefined);
    return c.client.sent > before;
  });
  t.log(`in tenant a's scope, tenant a|b's partition TENANT#a|b is ${owned ? 'reachable' : 'refused'}`);
  t.throws(() => runInTenantScope({ tenantId: 'a|b', separator: '|' }, () => 1), { instanceOf: InvalidRequestError });
  // The provider's tenant ids allow '-', '.', '_', '@', '+' and '='; with isolation { separator: '-' },
  // tenants 'acme' and 'acme-eu' overlap the same way.
  t.throws(() => runInTenantScope({ tenantId: 'acme-eu', separator: '-' }, () => 1), {
    instanceOf: InvalidRequestError,
  });
});

test('runInTenantScope refuses ":" and control characters, as the README says', (t) => {
  for (const tenantId of ['a:b', 'a\u0000b', 'a\u200bb']) {
    t.throws(
      () => runInTenantScope({ tenantId }, () => 1),
      { instanceOf: InvalidRequestError },
      JSON.stringify(tenantId),
    );
  }
});

test("against DynamoDB Local: tenants writing concurrently in their scopes, foreign attempts mixed in; every stored item is in its writer's partition", async (t) => {
  const accessKeyId = `i${randomAlphanumeric(12)}`;
  const client = testClient(accessKeyId);
  t.teardown(() => client.destroy());
  const tableName = uniqueTableName('iso-e2e');
  await createTable(client, TenantItem, { tableName });
  const items = new Repository(TenantItem, { client, tableName });
  const tenants = Array.from({ length: 10 }, (_, i) => `e2e${i}`);
  let refused = 0;
  let written = 0;
  await Promise.all(
    tenants.map((me, n) =>
      runInTenantScope({ tenantId: me }, async () => {
        for (let i = 0; i < 30; i++) {
          const other = tenants[(n + 1 + (i % 9)) % tenants.length] as string;
          const attempts: Array<() => Promise<unknown>> = [
            () => items.put.withItem(tenantItem(other, `x${i}`, i, [me])).execute(),
            () => items.get.withKey({ tenantId: other, itemId: `w${i}` }).execute(),
            // acme's own item, filed under another tenant's partition of a tenant-prefixed index.
            () =>
              items.put
                .withItem(Object.assign(tenantItem(me, `g${i}`, i, [me]), { group: `TENANT#${other}#G#1` }))
                .execute(),
            () => items.query.where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId: other })).execute(),
            () =>
              new BatchWriteItemRequestBuilder(client)
                .skipVersionChecks()
                .put(items, (b) => b.withItem(tenantItem(me, `b${i}`, i, [me])))
                .put(items, (b) => b.withItem(tenantItem(other, `b${i}`, i, [me])))
                .execute(),
          ];
          const attempt = attempts[i % attempts.length] as () => Promise<unknown>;
          figures.operations += 2;
          const error = await attempt().then(
            () => undefined,
            (e: unknown) => e,
          );
          if (!(error instanceof TenantIsolationError))
            t.fail(`${me}: a foreign request was not refused: ${String(error)}`);
          else refused += 1;
          await items.put.withItem(tenantItem(me, `w${i}`, i, [me])).execute();
          written += 1;
          const mine = await items.query
            .where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId: me }))
            .consistentRead()
            .all();
          figures.operations += 1;
          if (!mine.every((item) => item.tenantId === me && item.ops[0] === me))
            t.fail(`${me} read an item that is not its own`);
        }
      }),
    ),
  );
  const stored = await items.scan.consistentRead().all();
  t.is(stored.length, written);
  t.true(
    stored.every((item) => item.ops.length === 1 && item.ops[0] === item.tenantId),
    'every item was written by its own tenant',
  );
  t.is(refused, tenants.length * 30);
  figures.add({
    badInputs: refused,
    isolationAttacks: refused,
    writesVerified: stored.length,
    failuresVerifiedAbsent: refused,
  });
});

// Bad input, generated with fast-check: each input gets a named error (a FluentDynamoError subclass) before
// anything is sent. The repositories run on a real DynamoDBClient whose send path counts requests and sends none
// (countingClient), so "before sending" is checked, not assumed.
//
// Templates, values, item shapes, keys of the wrong type, oversize transactions, duplicates in batches and
// transactions, tenant ids with separator or wildcard characters, malformed and forged pagination cursors. Batches
// larger than one request are not bad input: they are split into requests DynamoDB accepts (checked too).
//
// Limits DynamoDB enforces (400 KB items, key sizes, number range and precision, nesting depth, empty map keys,
// 4 MB transactions) are refused here too; limits.test.ts checks each boundary against DynamoDB Local.
import type { STSClient } from '@aws-sdk/client-sts';
import test from 'ava';
import fc from 'fast-check';
import { encodeCursor } from '../../src/builders/read/cursor.js';
import {
  BatchGetItemRequestBuilder,
  BatchWriteItemRequestBuilder,
  ExpressionError,
  FluentDynamoError,
  InvalidCursorError,
  InvalidRequestError,
  MappingError,
  Repository,
  runInTenantScope,
  StsTenantClientProvider,
  TenantAccessDeniedError,
  TransactGetItemsRequestBuilder,
  TransactWriteItemsRequestBuilder,
} from '../../src/index.js';
import { KitchenSink, OrderLine, User } from '../fixtures/entities.js';
import { countingClient, recordingClient } from './support/clients.js';
import { ItemKeys, TenantItem, tenantItem } from './support/entities.js';
import { figuresFor } from './support/figures.js';
import { sized } from './support/profile.js';

const figures = figuresFor(test, 'bad-input');
// Counterexamples come with the error the property threw.
fc.configureGlobal({ includeErrorInReport: true });
const RUNS = sized('RELIABILITY_FC_RUNS', 150, 50);

const client = countingClient();
const users = new Repository(User, client);
const sinks = new Repository(KitchenSink, client);
const items = new Repository(TenantItem, client);
const lines = new Repository(OrderLine, client);

type ErrorClass = abstract new (...args: never[]) => FluentDynamoError;

/**
 * Runs `attempt` (building and executing a request) and returns the error it threw. Throws (failing the
 * property) when it did not throw, threw something that is not one of `expected`, or sent anything.
 */
async function refused(attempt: () => unknown, expected: readonly ErrorClass[]): Promise<FluentDynamoError> {
  const sentBefore = client.sent;
  figures.badInputs += 1;
  figures.operations += 1;
  let error: unknown;
  try {
    await attempt();
  } catch (caught) {
    error = caught;
  }
  if (client.sent !== sentBefore)
    throw new Error(`sent ${client.sent - sentBefore} request(s): ${client.operations.slice(sentBefore).join(', ')}`);
  if (error === undefined) throw new Error('accepted');
  if (!(error instanceof FluentDynamoError))
    throw new Error(`not a named error: ${String((error as Error)?.stack ?? error)}`);
  if (!expected.some((cls) => error instanceof cls))
    throw new Error(`${error.name} is not one of ${expected.map((c) => c.name).join(', ')}: ${error.message}`);
  return error;
}

// --- templates ----------------------------------------------------------------------------------------------

const PATHS = ['text', 'count', 'flag', 'address.street', 'list[0]', 'doc.a.b', '`odd-name`', 'history[2].zip_code'];
const path = fc.constantFrom(...PATHS);
const KNOWN_FUNCTIONS = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
  'if_not_exists',
  'list_append',
]);

/** Condition templates that are wrong by construction, with the values passed along. */
const badCondition = fc.oneof(
  path.map((p) => ({ template: `${p} = 5`, values: [] as unknown[] })),
  path.map((p) => ({ template: `${p} = 'x'`, values: [] })),
  path.map((p) => ({ template: `${p} = "x"`, values: [] })),
  path.map((p) => ({ template: `${p} = :x`, values: [] })),
  path.map((p) => ({ template: `#${p.replace(/\W.*/, '')} = {0}`, values: [1] })),
  fc
    .tuple(
      path,
      fc.stringMatching(/^[a-z_]{3,12}$/).filter((f) => !KNOWN_FUNCTIONS.has(f)),
    )
    .map(([p, f]) => ({ template: `${f}(${p})`, values: [] })),
  path.map((p) => ({ template: `(${p} = {0}`, values: [1] })),
  path.map((p) => ({ template: `${p} = {0})`, values: [1] })),
  path.map((p) => ({ template: `${p} = {0`, values: [1] })),
  fc.tuple(path, fc.integer({ min: 1, max: 99 })).map(([p, n]) => ({ template: `${p} = {${n}}`, values: [1] })),
  fc
    .tuple(path, fc.integer({ min: 2, max: 5 }))
    .map(([p, n]) => ({ template: `${p} = {0}`, values: Array.from({ length: n }, (_, i) => i) })),
  path.map((p) => ({ template: `${p} =`, values: [] })),
  path.map((p) => ({ template: `${p} = {0} AND`, values: [1] })),
  path.map((p) => ({ template: `AND ${p} = {0}`, values: [1] })),
  path.map((p) => ({ template: `${p} = = {0}`, values: [1] })),
  path.map((p) => ({ template: `${p} BETWEEN {0}`, values: [1] })),
  path.map((p) => ({ template: `${p} IN ()`, values: [] })),
  fc
    .tuple(
      path,
      fc.stringMatching(/^[a-z]{1,4}$/).filter((s) => !['o', 'ttl', 'ms', 's'].includes(s)),
    )
    .map(([p, spec]) => ({ template: `${p} = {0:${spec}}`, values: [new Date()] })),
  fc
    .constantFrom('', '   ', '{0}', '()', '= {0}', 'AND', 'NOT', '{0} {1}')
    .map((template) => ({ template, values: [1, 2] })),
);

test.serial(
  'bad condition templates: ExpressionError before sending (where, withFilter, conditionCheck)',
  async (t) => {
    await fc.assert(
      fc.asyncProperty(
        badCondition,
        fc.constantFrom('put', 'update', 'delete', 'scanFilter', 'conditionCheck'),
        async ({ template, values }, use) => {
          await refused(() => {
            const key = { id: 'k', rev: 1 };
            switch (use) {
              case 'put':
                return sinks.put
                  .withItem(Object.assign(new KitchenSink(), key))
                  .where(template, ...values)
                  .execute();
              case 'update':
                return sinks.update
                  .withKey(key)
                  .set('SET text = {0}', 'x')
                  .where(template, ...values)
                  .execute();
              case 'delete':
                return sinks.delete
                  .withKey(key)
                  .where(template, ...values)
                  .execute();
              case 'scanFilter':
                return sinks.scan.withFilter(template, ...values).execute();
              default:
                return new TransactWriteItemsRequestBuilder(client)
                  .conditionCheck(sinks, (c) => c.withKey(key).where(template, ...values))
                  .execute();
            }
          }, [ExpressionError]);
        },
      ),
      { numRuns: RUNS * 2 },
    );
    t.pass();
  },
);

const badUpdate = fc.oneof(
  badCondition,
  path.map((p) => ({ template: `SET ${p} = {0} SET text = {1}`, values: [1, 2] })),
  path.map((p) => ({ template: `REMOVE ${p} = {0}`, values: [1] })),
  path.map((p) => ({ template: `SET ${p}`, values: [] })),
  path.map((p) => ({ template: `SET ${p} = {0}, ${p} = {1}`, values: [1, 2] })),
  path.map((p) => ({ template: `ADD ${p} = {0}`, values: [1] })),
  fc
    .constantFrom('SET id = {0}', 'SET rev = {0}', 'REMOVE id', 'ADD rev {0}')
    .map((template) => ({ template, values: [1] })),
  fc
    .constantFrom('SET', 'REMOVE', 'SET text = {0} REMOVE', 'DELETE text')
    .map((template) => ({ template, values: [1] })),
);

test.serial(
  'bad update templates (clauses, key attributes, overlapping paths): ExpressionError before sending',
  async (t) => {
    await fc.assert(
      fc.asyncProperty(badUpdate, async ({ template, values }) => {
        await refused(
          () =>
            sinks.update
              .withKey({ id: 'k', rev: 1 })
              .set(template, ...values)
              .execute(),
          [ExpressionError],
        );
      }),
      { numRuns: RUNS },
    );
    t.pass();
  },
);

test.serial('bad key conditions (not the key schema): ExpressionError before sending', async (t) => {
  const keyConditions = fc.oneof(
    path.map((p) => `${p} = {0}`),
    fc.constantFrom(
      'id > {0}',
      'id = {0} OR rev = {1}',
      'begins_with(id, {0})',
      'rev = {0}',
      'id = {0} AND text = {1}',
      'id = {0} AND rev <> {1}',
      'id = {0} AND rev IN ({1})',
      'NOT id = {0}',
      'id = {0} AND id = {1}',
      '{0} = id',
      'id = {0} AND contains(rev, {1})',
    ),
  );
  await fc.assert(
    fc.asyncProperty(keyConditions, async (template) => {
      await refused(() => sinks.query.where(template, 'k', 1).execute(), [ExpressionError]);
    }),
    { numRuns: RUNS },
  );
  t.pass();
});

test.serial(
  'random token soup as templates: a valid expression or ExpressionError/MappingError, never anything else',
  async (t) => {
    // Whole clauses as well as single tokens, so that some sequences are valid.
    const TOKENS = [
      'text = {0}',
      'count > {1}',
      'attribute_exists(doc.a)',
      'size(list) < {1}',
      'text',
      'count',
      'doc.a',
      'list[0]',
      '{0}',
      '{1}',
      '{0:o}',
      '=',
      '<>',
      '<',
      'AND',
      'OR',
      'NOT',
      '(',
      ')',
      ',',
      'BETWEEN',
      'IN',
      'size',
      'contains',
      'SET',
      'REMOVE',
      '+',
      '-',
      '5',
      "'x'",
      '#',
      ':',
      '`',
      '{',
      '}',
    ];
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...TOKENS), { minLength: 0, maxLength: 10 }),
        fc.boolean(),
        async (tokens, asUpdate) => {
          const template = tokens.join(' ');
          // As many values as the template's highest placeholder asks for.
          const count = Math.max(0, ...[...template.matchAll(/\{(\d)/g)].map((m) => Number(m[1]) + 1));
          const values = ['v', 2].slice(0, count);
          const sentBefore = client.sent;
          try {
            const builder = asUpdate
              ? sinks.update.withKey({ id: 'k', rev: 1 }).set(template, ...values)
              : sinks.delete.withKey({ id: 'k', rev: 1 }).where(template, ...values);
            builder.toInput();
            accepted += 1;
          } catch (error) {
            if (!(error instanceof ExpressionError || error instanceof MappingError)) throw error;
          }
          figures.badInputs += 1;
          if (client.sent !== sentBefore) throw new Error('sent');
        },
      ),
      { numRuns: RUNS * 2 },
    );
    t.log(`${accepted} of ${RUNS * 2} token sequences happened to be valid expressions`);
    t.pass();
  },
);

// --- values and item shapes ---------------------------------------------------------------------------------

const notStorableScalar = fc.oneof(
  fc.func(fc.integer()),
  fc.constant(Symbol('s')),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
);
const notStorable = fc.oneof(notStorableScalar, fc.constant(new Date(Number.NaN)));
const WRONG: Record<string, fc.Arbitrary<unknown>> = {
  text: fc.oneof(fc.integer(), fc.boolean(), fc.object(), fc.date(), fc.array(fc.string())),
  count: fc.oneof(
    fc.string(),
    fc.boolean(),
    fc.object(),
    fc.date(),
    fc.constant(Number.NaN),
    fc.constant(Number.NEGATIVE_INFINITY),
  ),
  flag: fc.oneof(fc.integer(), fc.string(), fc.object()),
  when: fc.oneof(fc.string(), fc.integer(), fc.constant(new Date(Number.NaN)), fc.object()),
  tags: fc.oneof(fc.array(fc.string()), fc.string(), fc.constant(new Set<unknown>(['a', 1]))),
  bytes: fc.oneof(fc.string(), fc.array(fc.integer()), fc.integer()),
  address: fc.oneof(fc.integer(), fc.string(), fc.boolean()),
  lookup: fc.oneof(fc.object(), fc.array(fc.integer()), fc.string(), fc.constant(new Map<unknown, unknown>([[1, 2]]))),
  list: fc.oneof(fc.string(), fc.integer(), fc.constant(new Set([1]))),
};

test.serial('values of the wrong type in items: MappingError naming the property, before sending', async (t) => {
  const property = fc.constantFrom(...Object.keys(WRONG));
  await fc.assert(
    fc.asyncProperty(
      property.chain((p) =>
        fc.tuple(
          fc.constant(p),
          fc.oneof(WRONG[p] as fc.Arbitrary<unknown>, p === 'address' ? notStorableScalar : notStorable),
        ),
      ),
      async ([p, value]) => {
        const error = await refused(
          () => sinks.put.withItem(Object.assign(new KitchenSink(), { id: 'k', rev: 1, [p]: value })).execute(),
          [MappingError],
        );
        if ((error as MappingError).property !== p)
          throw new Error(`names ${(error as MappingError).property}, not ${p}: ${error.message}`);
      },
    ),
    { numRuns: RUNS * 2 },
  );
  t.pass();
});

test.serial('a Date, Map, Set, array or Uint8Array where a nested class is expected is refused', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom<unknown>(
        new Date(),
        new Date(Number.NaN),
        new Map([['street', 'x']]),
        new Set(['x']),
        ['x'],
        new Uint8Array([1]),
      ),
      async (address) => {
        await refused(
          () => sinks.put.withItem(Object.assign(new KitchenSink(), { id: 'k', rev: 1, address })).execute(),
          [MappingError],
        );
      },
    ),
    { numRuns: 12 },
  );
  t.pass();
});

test.serial(
  'values that cannot be stored, in templates: MappingError or ExpressionError, before sending',
  async (t) => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(notStorable, fc.constant(undefined)),
        fc.constantFrom('SET count = {0}', 'SET doc.a = {0}', 'ADD count {0}'),
        async (value, template) => {
          await refused(
            () => sinks.update.withKey({ id: 'k', rev: 1 }).set(template, value).execute(),
            [MappingError, ExpressionError],
          );
        },
      ),
      { numRuns: RUNS },
    );
    t.pass();
  },
);

test.serial('item shapes: anything that is not an item with its keys is refused before sending', async (t) => {
  const validKeys = (x: unknown) => {
    const o = x as { id?: unknown; rev?: unknown } | null;
    return (
      typeof o === 'object' &&
      o !== null &&
      typeof o.id === 'string' &&
      o.id !== '' &&
      typeof o.rev === 'number' &&
      Number.isFinite(o.rev)
    );
  };
  const shapes = fc.oneof(
    fc.anything(),
    fc.record({ id: fc.anything(), rev: fc.anything(), text: fc.anything() }, { requiredKeys: [] }),
    fc.array(fc.anything()),
  );
  let refusedCount = 0;
  await fc.assert(
    fc.asyncProperty(shapes, async (shape) => {
      if (validKeys(shape)) return;
      refusedCount += 1;
      await refused(() => sinks.put.withItem(shape as KitchenSink).execute(), [MappingError, InvalidRequestError]);
    }),
    { numRuns: RUNS * 2 },
  );
  t.true(refusedCount > 0);
});

// --- keys -----------------------------------------------------------------------------------------------------

const notAKeyString = fc.anything().filter((v) => !(typeof v === 'string' && v.length > 0));
const notAKeyNumber = fc.oneof(
  fc.anything().filter((v) => typeof v !== 'number'),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const KEY_USES = ['get', 'update', 'delete', 'batchGet', 'batchDelete', 'txGet', 'txUpdate', 'conditionCheck'] as const;

function useKey(use: (typeof KEY_USES)[number], key: (b: { withKey(...args: never[]): unknown }) => unknown) {
  const k = key as never;
  switch (use) {
    case 'get':
      return (key(sinks.get) as { execute(): Promise<unknown> }).execute();
    case 'update':
      return (key(sinks.update) as ReturnType<typeof sinks.update.withKey>).set('SET text = {0}', 'x').execute();
    case 'delete':
      return (key(sinks.delete) as { execute(): Promise<unknown> }).execute();
    case 'batchGet':
      return new BatchGetItemRequestBuilder(client).get(sinks, k).execute();
    case 'batchDelete':
      return new BatchWriteItemRequestBuilder(client).delete(sinks, k).execute();
    case 'txGet':
      return new TransactGetItemsRequestBuilder(client).get(sinks, k).execute();
    case 'txUpdate':
      return new TransactWriteItemsRequestBuilder(client)
        .update(sinks, (u) => (key(u) as ReturnType<typeof u.withKey>).set('SET text = {0}', 'x'))
        .execute();
    default:
      return new TransactWriteItemsRequestBuilder(client)
        .conditionCheck(sinks, (c) => (key(c) as ReturnType<typeof c.withKey>).where('attribute_exists(text)'))
        .execute();
  }
}

test.serial(
  'keys of the wrong type, missing or unknown key parts, in every operation that takes a key: refused before sending',
  async (t) => {
    const badKey = fc.oneof(
      notAKeyString.map((id) => (b: { withKey(...args: never[]): unknown }) => b.withKey({ id, rev: 1 } as never)),
      notAKeyNumber.map((rev) => (b: { withKey(...args: never[]): unknown }) => b.withKey({ id: 'k', rev } as never)),
      fc.constant((b: { withKey(...args: never[]): unknown }) => b.withKey({ id: 'k' } as never)),
      notAKeyString.map(
        (v) => (b: { withKey(...args: never[]): unknown }) => b.withKey(...(['id', v, 'rev', 1] as never[])),
      ),
      fc
        .string({ minLength: 1 })
        .filter((n) => n !== 'id' && n !== 'rev')
        .map((name) => (b: { withKey(...args: never[]): unknown }) => b.withKey(...([name, 'k', 'rev', 1] as never[]))),
    );
    await fc.assert(
      fc.asyncProperty(badKey, fc.constantFrom(...KEY_USES), async (key, use) => {
        await refused(() => useKey(use, key), [MappingError, InvalidRequestError]);
      }),
      { numRuns: RUNS * 2 },
    );
    // A string key given a non-string, through the prefix form too.
    await fc.assert(
      fc.asyncProperty(notAKeyString, async (userId) => {
        await refused(() => users.get.withKey({ userId } as never).execute(), [MappingError]);
        await refused(() => users.get.withKey('pk', userId as never).execute(), [MappingError]);
      }),
      { numRuns: RUNS },
    );
    t.pass();
  },
);

// --- batches and transactions ---------------------------------------------------------------------------------

test.serial(
  'transactions of more than 100 operations, or with one item twice: InvalidRequestError when added, nothing sent',
  async (t) => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 101, max: 160 }), async (n) => {
        await refused(() => {
          const tx = new TransactWriteItemsRequestBuilder(client);
          for (let i = 0; i < n; i++) tx.put(items, (b) => b.withItem(tenantItem('t', `i${i}`, i, [])));
          return tx.execute();
        }, [InvalidRequestError]);
      }),
      { numRuns: 20 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 2, max: 100 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 2 })),
          ),
        fc.constantFrom('put', 'update', 'delete', 'check'),
        async ([n, dup, at], kind) => {
          await refused(() => {
            const tx = new TransactWriteItemsRequestBuilder(client);
            const ids = Array.from({ length: n - 1 }, (_, i) => `i${i}`);
            ids.splice(at, 0, `i${Math.min(dup, n - 2)}`);
            for (const id of ids) {
              if (kind === 'put') tx.put(items, (b) => b.withItem(tenantItem('t', id, 1, [])));
              else if (kind === 'update')
                tx.update(items, (b) => b.withKey({ tenantId: 't', itemId: id }).set('SET value = {0}', 1));
              else if (kind === 'delete') tx.delete(items, (b) => b.withKey({ tenantId: 't', itemId: id }));
              else
                tx.conditionCheck(items, (b) =>
                  b.withKey({ tenantId: 't', itemId: id }).where('attribute_exists(value)'),
                );
            }
            return tx.execute();
          }, [InvalidRequestError]);
        },
      ),
      { numRuns: RUNS },
    );
    t.pass();
  },
);

test.serial('batch writes with one key twice: InvalidRequestError before sending', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc
        .integer({ min: 2, max: 120 })
        .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 2 }), fc.boolean())),
      async ([n, dup, asDelete]) => {
        await refused(() => {
          const batch = new BatchWriteItemRequestBuilder(client).skipVersionChecks();
          for (let i = 0; i < n - 1; i++) batch.put(items, (b) => b.withItem(tenantItem('t', `i${i}`, i, [])));
          if (asDelete) batch.delete(items, (b) => b.withKey({ tenantId: 't', itemId: `i${dup}` }));
          else batch.put(items, (b) => b.withItem(tenantItem('t', `i${dup}`, -1, [])));
          return batch.execute();
        }, [InvalidRequestError]);
      },
    ),
    { numRuns: RUNS },
  );
  t.pass();
});

test.serial(
  'batches larger than one request are split into requests DynamoDB accepts: at most 25 writes / 100 keys, each once',
  async (t) => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 50 }),
        async (writes, reads, repeats) => {
          const recording = recordingClient();
          const batch = new BatchWriteItemRequestBuilder(recording).skipVersionChecks();
          for (let i = 0; i < writes; i++) batch.put(items, (b) => b.withItem(tenantItem('t', `w${i}`, i, [])));
          await batch.execute();
          const get = new BatchGetItemRequestBuilder(recording);
          for (let i = 0; i < reads; i++) get.get(items, (b) => b.withKey({ tenantId: 't', itemId: `r${i}` }));
          for (let i = 0; i < repeats; i++)
            get.get(items, (b) => b.withKey({ tenantId: 't', itemId: `r${i % reads}` }));
          await get.execute();
          const sentWrites: string[] = [];
          const sentKeys: string[] = [];
          for (const { operation, input } of recording.inputs) {
            const requestItems = (input as { RequestItems: Record<string, unknown> }).RequestItems;
            for (const entry of Object.values(requestItems)) {
              if (operation === 'BatchWriteItem') {
                const requests = entry as Array<{ PutRequest: { Item: { sk: { S: string } } } }>;
                if (requests.length > 25) throw new Error(`${requests.length} writes in one request`);
                sentWrites.push(...requests.map((r) => r.PutRequest.Item.sk.S));
              } else {
                const keys = (entry as { Keys: Array<{ sk: { S: string } }> }).Keys;
                if (keys.length > 100) throw new Error(`${keys.length} keys in one request`);
                sentKeys.push(...keys.map((k) => k.sk.S));
              }
            }
          }
          if (sentWrites.length !== writes || new Set(sentWrites).size !== writes)
            throw new Error('writes lost or repeated');
          if (sentKeys.length !== reads || new Set(sentKeys).size !== reads) throw new Error('keys lost or repeated');
          figures.operations += 2;
        },
      ),
      { numRuns: 40 },
    );
    t.pass();
  },
);

// --- limits DynamoDB enforces ---------------------------------------------------------------------------------

const KB = 1024;
const deep = (levels: number): Record<string, unknown> => {
  const root: Record<string, unknown> = {};
  let at = root;
  for (let i = 1; i < levels; i++) {
    at.n = {};
    at = at.n as Record<string, unknown>;
  }
  return root;
};

interface Repos {
  readonly items: Repository<TenantItem>;
  readonly sinks: Repository<KitchenSink>;
}
const sink = (patch: Partial<KitchenSink>) => Object.assign(new KitchenSink(), { id: 'k', rev: 1, ...patch });

/** Requests DynamoDB refuses with a ValidationException, for limits the library does not check. */
const overLimit = fc.oneof(
  fc.integer({ min: 401, max: 700 }).map((kb) => ({
    what: `an item of ${kb} KB`,
    put: (r: Repos) => r.items.put.withItem(tenantItem('t', `big${kb}`, 1, ['x'.repeat(kb * KB)])),
  })),
  fc.integer({ min: 2049, max: 4000 }).map((n) => ({
    what: `a partition key of ${n} bytes`,
    put: (r: Repos) => r.items.put.withItem(tenantItem('t'.repeat(n - 7), 'k', 1, [])),
  })),
  fc.integer({ min: 1025, max: 3000 }).map((n) => ({
    what: `a sort key of ${n} bytes`,
    put: (r: Repos) => r.items.put.withItem(tenantItem('t', 'k'.repeat(n - 5), 1, [])),
  })),
  fc.integer({ min: 126, max: 300 }).map((e) => ({
    what: `the number 1e${e}`,
    put: (r: Repos) => r.sinks.put.withItem(sink({ count: Number(`1e${e}`) })),
  })),
  fc.integer({ min: 39, max: 60 }).map((digits) => ({
    what: `a number of ${digits} significant digits`,
    put: (r: Repos) => r.sinks.put.withItem(sink({ count: BigInt('9'.repeat(digits)) as unknown as number })),
  })),
  fc.integer({ min: 33, max: 60 }).map((levels) => ({
    what: `a document nested ${levels} levels deep`,
    put: (r: Repos) => r.sinks.put.withItem(sink({ doc: deep(levels) })),
  })),
  fc.constant({ what: 'a map with an empty key', put: (r: Repos) => r.sinks.put.withItem(sink({ doc: { '': 1 } })) }),
);

test.serial(
  'requests over DynamoDB limits (400 KB item, key sizes, number range and precision, nesting, empty map keys) are refused before sending',
  async (t) => {
    await fc.assert(
      fc.asyncProperty(overLimit, async ({ put }) => {
        await refused(() => put({ items, sinks }).execute(), [InvalidRequestError, MappingError]);
      }),
      { numRuns: 30 },
    );
    t.pass();
  },
);

test.serial('a transaction over 4 MB is refused before sending', async (t) => {
  await refused(() => {
    const tx = new TransactWriteItemsRequestBuilder(client);
    for (let i = 0; i < 12; i++) tx.put(items, (b) => b.withItem(tenantItem('t', `tx${i}`, i, ['y'.repeat(380 * KB)])));
    return tx.execute();
  }, [InvalidRequestError]);
  t.pass();
});

// --- tenant ids -----------------------------------------------------------------------------------------------

/** A tenant id with at least one character that must never be in one: separators, wildcards, path and ARN characters, whitespace. */
const badTenantId = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]{0,8}$/),
    fc.constantFrom(
      '#',
      '*',
      '?',
      '/',
      ':',
      ' ',
      '\t',
      '\n',
      '\u0000',
      '$',
      '%',
      '|',
      '\\',
      '"',
      "'",
      '[',
      '{',
      '<',
      'é',
      '＃',
      '\u200b',
    ),
    fc.stringMatching(/^[a-z0-9#*?]{0,8}$/),
  )
  .map(([a, bad, b]) => `${a}${bad}${b}`);

test.serial(
  'tenant ids with separator, wildcard or other unsafe characters: the provider refuses them (TenantAccessDeniedError) without calling STS',
  async (t) => {
    const provider = new StsTenantClientProvider({
      roleArn: (tenantId) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`,
      sts: {
        endpoint: 'http://127.0.0.1:9',
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        maxAttempts: 1,
      },
      dynamo: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' },
      pruneIntervalSeconds: 0,
    });
    t.teardown(() => provider.close());
    let stsSent = 0;
    ((await provider.loadStsClient()) as STSClient).middlewareStack.add(
      (next) => async (args) => {
        stsSent += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countSts' },
    );
    await fc.assert(
      fc.asyncProperty(badTenantId, fc.boolean(), async (tenantId, viaRun) => {
        const error = await refused(
          () =>
            viaRun
              ? provider.run(tenantId, { tenants: [tenantId] } as never, () => undefined)
              : provider.clientFor(tenantId),
          [TenantAccessDeniedError],
        );
        if ((error as TenantAccessDeniedError).reason !== 'invalid-tenant-id')
          throw new Error(`reason ${(error as TenantAccessDeniedError).reason}`);
      }),
      { numRuns: RUNS },
    );
    t.is(stsSent, 0);
    t.is(provider.stats().assumeRoleCalls, 0);
  },
);

test.serial(
  'tenant ids with the key separator or wildcards: runInTenantScope and the key templates refuse them before sending',
  async (t) => {
    const separatorOrWildcard = fc
      .tuple(
        fc.stringMatching(/^[a-z0-9]{0,6}$/),
        fc.constantFrom('#', '*', '?', '/', ' ', '\t'),
        fc.stringMatching(/^[a-z0-9]{0,6}$/),
      )
      .map(([a, bad, b]) => `${a}${bad}${b}`);
    await fc.assert(
      fc.asyncProperty(separatorOrWildcard, async (tenantId) => {
        await refused(
          () => runInTenantScope({ tenantId }, () => items.get.withKey({ tenantId: 'x', itemId: 'y' }).execute()),
          [InvalidRequestError],
        );
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(
        separatorOrWildcard.filter((id) => id.includes('#')),
        fc.constantFrom('put', 'key', 'line'),
        async (tenantId, use) => {
          await refused(() => {
            if (use === 'put') return items.put.withItem(tenantItem(tenantId, 'i', 1, [])).execute();
            if (use === 'key') return items.get.withKey({ tenantId, itemId: 'i' }).execute();
            return lines.put
              .withItem(Object.assign(new OrderLine(), { tenantId, orderId: 'o', line: 1, product: 'p' }))
              .execute();
          }, [MappingError]);
        },
      ),
      { numRuns: RUNS },
    );
    t.pass();
  },
);

// --- cursors --------------------------------------------------------------------------------------------------

const TABLE = items.tableName;
const own = { pk: { S: 'TENANT#acme' }, sk: { S: 'ITEM#i5' } };
const validCursor = encodeCursor(own, TABLE, undefined);
const query = () => items.query.where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId: 'acme' }));

test.serial('malformed cursors (random, cut, altered, extended): InvalidCursorError before sending', async (t) => {
  const mutated = fc
    .oneof(
      fc.string(),
      fc.base64String(),
      fc.integer({ min: 0, max: validCursor.length - 1 }).map((n) => validCursor.slice(0, n)),
      fc
        .tuple(fc.integer({ min: 0, max: validCursor.length - 1 }), fc.constantFrom(...'AZaz09-_.=+/'))
        .map(([i, c]) => validCursor.slice(0, i) + c + validCursor.slice(i + 1)),
      fc.string({ minLength: 1, maxLength: 5 }).map((s) => validCursor + s),
      fc.string({ minLength: 1, maxLength: 5 }).map((s) => s + validCursor),
      fc.constant('x'.repeat(10_000)),
    )
    .filter((c) => c !== validCursor);
  await fc.assert(
    fc.asyncProperty(mutated, fc.boolean(), async (cursor, scan) => {
      await refused(
        () => (scan ? items.scan.startAt(cursor).execute() : query().startAt(cursor).execute()),
        [InvalidCursorError],
      );
    }),
    { numRuns: RUNS * 2 },
  );
  t.pass();
});

test.serial(
  'forged cursors with a valid checksum (another table, index or partition; bad key attributes): InvalidCursorError before sending',
  async (t) => {
    const forged = fc.oneof(
      fc
        .stringMatching(/^[a-z][a-z0-9_.-]{2,20}$/)
        .filter((n) => n !== TABLE)
        .map((table) => encodeCursor(own, table, undefined)),
      fc.constantFrom('ByGroup', 'Other').map((index) => encodeCursor(own, TABLE, index)),
      fc
        .stringMatching(/^[a-z0-9]{1,10}$/)
        .filter((id) => id !== 'acme')
        .map((tenant) => encodeCursor({ pk: { S: `TENANT#${tenant}` }, sk: { S: 'ITEM#i1' } }, TABLE, undefined)),
      fc.constant(encodeCursor({ pk: { S: 'TENANT#acme' } }, TABLE, undefined)),
      fc.constant(encodeCursor({ sk: { S: 'ITEM#1' } }, TABLE, undefined)),
      fc.constant(encodeCursor({ pk: { N: '1' }, sk: { S: 'ITEM#1' } }, TABLE, undefined)),
      fc.constant(encodeCursor({ pk: { S: 'TENANT#acme' }, sk: { S: 'ITEM#1' }, extra: { S: 'x' } }, TABLE, undefined)),
    );
    await fc.assert(
      fc.asyncProperty(forged, async (cursor) => {
        await refused(() => query().startAt(cursor).execute(), [InvalidCursorError]);
      }),
      { numRuns: RUNS },
    );
    // Not bad input: a cursor to another position in the same partition is accepted (cursors are checksummed, not
    // signed: they cannot lead out of the partition the query names, but can move within it).
    const sentBefore = client.sent;
    await t.throwsAsync(
      query()
        .startAt(encodeCursor({ pk: { S: 'TENANT#acme' }, sk: { S: 'ITEM#zz' } }, TABLE, undefined))
        .execute(),
    );
    t.is(client.sent, sentBefore + 1);
  },
);

import type { BatchGetItemCommandInput, BatchGetItemCommandOutput } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { BatchGetItemRequestBuilder } from '../../src/builders/batch-get/batch-get-item-builder.js';
import { BatchWriteItemRequestBuilder } from '../../src/builders/batch-write/batch-write-item-builder.js';
import { TransactGetItemsRequestBuilder } from '../../src/builders/transact-get/transact-get-items-builder.js';
import { TransactWriteItemsRequestBuilder } from '../../src/builders/transact-write/transact-write-items-builder.js';
import { currentClient, runWithClient } from '../../src/index.js';
import { newUser } from '../fixtures/entities.js';
import { testClient } from '../support/dynamo.js';
import { LABELS, type Label, PAGE_USERS, type ThreeDatabases, threeDatabases } from './support/three-databases.js';

// What the batch and transaction builders must guarantee (the client precedence):
// withClient() > innermost runWithClient() > the constructor's client, read
// at execute(), for every chunk and every retry.

let db: ThreeDatabases;
test.before(async () => {
  db = await threeDatabases('ctx-batch');
});

/** Runs `fn` with no scope, in the ambient scope, or in the ambient scope asking for withClient(explicit). */
function inScopeOf<R>(label: Label, fn: (explicit: boolean) => Promise<R>): Promise<R> {
  if (label === 'default') return fn(false);
  return runWithClient(db.clients.ambient, () => fn(label === 'explicit'));
}

test('BatchGetItem: constructor client < runWithClient < withClient()', async (t) => {
  for (const label of LABELS) {
    const result = await inScopeOf(label, (explicit) => {
      const batch = new BatchGetItemRequestBuilder(db.clients.default)
        .get(db.users, (b) => b.withKey({ userId: 'who' }))
        .get(db.users, (b) => b.withKey({ userId: 'page0' }));
      return (explicit ? batch.withClient(db.clients.explicit) : batch).execute();
    });
    t.deepEqual(
      result.itemsOf(db.users).map((u) => u.name),
      [label, label],
    );
  }
});

test('BatchGetItem: an operation built with withClient() runs the batch on that client', async (t) => {
  const result = await runWithClient(db.clients.ambient, () =>
    new BatchGetItemRequestBuilder(db.clients.default)
      .get(db.users, (b) => b.withKey({ userId: 'who' }).withClient(db.clients.explicit))
      .execute(),
  );
  t.deepEqual(
    result.itemsOf(db.users).map((u) => u.name),
    ['explicit'],
  );
});

test('BatchGetItem: chunks run concurrently keep the scope (250 keys, 3 chunks, concurrency 2)', async (t) => {
  const result = await runWithClient(db.clients.ambient, () => {
    const batch = new BatchGetItemRequestBuilder(db.clients.default).concurrency(2);
    for (let i = 0; i < 250; i++) {
      const userId = i < PAGE_USERS ? `page${i}` : `missing${i}`;
      batch.get(db.users, (b) => b.withKey({ userId }));
    }
    return batch.execute();
  });
  const names = result.itemsOf(db.users).map((u) => u.name);
  t.is(names.length, PAGE_USERS);
  t.true(names.every((n) => n === 'ambient'));
});

test("BatchGetItem: a retry after backoff still runs on the scope's client, in the scope", async (t) => {
  // Another client of the ambient database that answers its first BatchGetItem with every key unprocessed.
  const flaky = testClient(db.accessKeys.ambient);
  const attempts: unknown[] = [];
  flaky.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchGetItemCommand') return next(args);
      attempts.push(currentClient());
      const result = await next(args);
      if (attempts.length > 1) return result;
      const { RequestItems } = args.input as BatchGetItemCommandInput;
      const output = { ...(result.output as BatchGetItemCommandOutput), Responses: {}, UnprocessedKeys: RequestItems };
      return { ...result, output };
    },
    { step: 'initialize', name: 'unprocessedOnce' },
  );
  const result = await runWithClient(flaky, () =>
    new BatchGetItemRequestBuilder(db.clients.default)
      .withRetry({ baseDelayMs: 10, random: () => 1 })
      .get(db.users, (b) => b.withKey({ userId: 'who' }))
      .execute(),
  );
  t.deepEqual(attempts, [flaky, flaky]);
  t.deepEqual(
    result.itemsOf(db.users).map((u) => u.name),
    ['ambient'],
  );
  flaky.destroy();
});

test('BatchWriteItem: the writes land in the database of the chosen client', async (t) => {
  for (const label of LABELS) {
    const userId = `batch-write-${label}`;
    await inScopeOf(label, (explicit) => {
      const batch = new BatchWriteItemRequestBuilder(db.clients.default)
        .skipVersionChecks()
        .put(db.users, (b) => b.withItem(newUser(userId)));
      return (explicit ? batch.withClient(db.clients.explicit) : batch).execute();
    });
    t.deepEqual(await db.landedIn(userId), [label]);
  }
});

test('TransactWriteItems: the writes land in the database of the chosen client', async (t) => {
  for (const label of LABELS) {
    const userId = `tx-write-${label}`;
    await inScopeOf(label, (explicit) => {
      const tx = new TransactWriteItemsRequestBuilder(db.clients.default);
      tx.put(db.users, (b) => b.withItem(newUser(userId)));
      tx.conditionCheck(db.users, (b) => b.withKey({ userId: 'who' }).where('attribute_exists(pk)' as string));
      return (explicit ? tx.withClient(db.clients.explicit) : tx).execute();
    });
    t.deepEqual(await db.landedIn(userId), [label]);
  }
});

test('TransactGetItems: constructor client < runWithClient < withClient()', async (t) => {
  for (const label of LABELS) {
    const result = await inScopeOf(label, (explicit) => {
      const tx = new TransactGetItemsRequestBuilder(db.clients.default).get(db.users, (b) =>
        b.withKey({ userId: 'who' }),
      );
      return (explicit ? tx.withClient(db.clients.explicit) : tx).execute();
    });
    t.deepEqual(
      result.itemsOf(db.users).map((u) => u.name),
      [label],
    );
  }
});

test("a batch prepared once and executed in concurrent scopes runs each execution on its own scope's client", async (t) => {
  const prepared = new BatchGetItemRequestBuilder(db.clients.default).get(db.users, (b) =>
    b.withKey({ userId: 'who' }),
  );
  const clients = [db.clients.default, db.clients.ambient, db.clients.explicit];
  const names = await Promise.all(
    Array.from({ length: 15 }, (_, i) =>
      runWithClient(clients[i % 3] as (typeof clients)[number], async () =>
        (await prepared.execute()).itemsOf(db.users).map((u) => u.name),
      ),
    ),
  );
  t.deepEqual(
    names,
    Array.from({ length: 15 }, (_, i) => [LABELS[i % 3]]),
  );
});

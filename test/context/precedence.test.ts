import test from 'ava';
import { DynamoDbTable, runWithClient } from '../../src/index.js';
import { newUser } from '../fixtures/entities.js';
import { type Label, PAGE_USERS, type ThreeDatabases, threeDatabases } from './support/three-databases.js';

// The client precedence, operation by operation: withClient() > innermost
// runWithClient() > the repository's client.

// Reads count what the databases hold, so writes go to databases of their own.
let db: ThreeDatabases;
let writes: ThreeDatabases;
test.before(async () => {
  [db, writes] = await Promise.all([threeDatabases('ctx-precedence'), threeDatabases('ctx-precedence-writes')]);
});

/** Runs `fn` the three ways: no scope, in the ambient scope, in the ambient scope with withClient(explicit). */
async function threeWays<R>(fn: (explicit: boolean) => Promise<R>): Promise<Record<Label, R>> {
  return {
    default: await fn(false),
    ambient: await runWithClient(db.clients.ambient, () => fn(false)),
    explicit: await runWithClient(db.clients.ambient, () => fn(true)),
  };
}

const expected = { default: 'default', ambient: 'ambient', explicit: 'explicit' };

test('get', async (t) => {
  const names = await threeWays(async (explicit) => {
    const get = db.users.get.withKey({ userId: 'who' });
    return (await (explicit ? get.withClient(db.clients.explicit) : get).execute()).item?.name;
  });
  t.deepEqual(names, expected);
});

test('put', async (t) => {
  for (const label of ['default', 'ambient', 'explicit'] as const) {
    const userId = `put-${label}`;
    await threeWaysOne(label, (explicit) => {
      const put = writes.users.put.withItem(newUser(userId));
      return (explicit ? put.withClient(writes.clients.explicit) : put).execute();
    });
    t.deepEqual(await writes.landedIn(userId), [label], userId);
  }
});

test('update', async (t) => {
  for (const label of ['default', 'ambient', 'explicit'] as const) {
    const userId = `update-${label}`;
    for (const client of Object.values(writes.clients))
      await writes.users.put.withItem(newUser(userId)).withClient(client).execute();
    await threeWaysOne(label, (explicit) => {
      const update = writes.users.update.withKey({ userId }).set('SET name = {0}', 'updated');
      return (explicit ? update.withClient(writes.clients.explicit) : update).execute();
    });
    const names: Record<string, string | undefined> = {};
    for (const [l, client] of Object.entries(writes.clients)) {
      names[l] = (await writes.users.get.withKey({ userId }).withClient(client).consistentRead().execute()).item?.name;
    }
    t.is(names[label], 'updated');
    t.is(Object.values(names).filter((n) => n === 'updated').length, 1, `${label}: only one database changed`);
  }
});

test('delete', async (t) => {
  for (const label of ['default', 'ambient', 'explicit'] as const) {
    const userId = `delete-${label}`;
    for (const client of Object.values(writes.clients))
      await writes.users.put.withItem(newUser(userId)).withClient(client).execute();
    await threeWaysOne(label, (explicit) => {
      const del = writes.users.delete.withKey({ userId });
      return (explicit ? del.withClient(writes.clients.explicit) : del).execute();
    });
    const left = await writes.landedIn(userId);
    t.deepEqual(left.sort(), ['default', 'ambient', 'explicit'].filter((l) => l !== label).sort());
  }
});

/** Runs one of the three ways. */
function threeWaysOne<R>(label: Label, fn: (explicit: boolean) => Promise<R>): Promise<R> {
  if (label === 'default') return fn(false);
  return runWithClient(writes.clients.ambient, () => fn(label === 'explicit'));
}

const activeQuery = () => db.users.query.withIndex('StatusIndex').where('status = {0}', 'active');

test('query: execute, iteration over every page, pages(), all(), count()', async (t) => {
  const ways = await threeWays(async (explicit) => {
    const query = explicit ? activeQuery().withClient(db.clients.explicit) : activeQuery();
    const paged = query.pageSize(2);
    const iterated: string[] = [];
    for await (const user of paged) iterated.push(user.name);
    const pages: string[] = [];
    for await (const page of paged.pages()) pages.push(...page.items.map((u) => u.name));
    return {
      execute: (await query.execute()).items.map((u) => u.name),
      iterated,
      pages,
      all: (await paged.all()).map((u) => u.name),
      count: await paged.count(),
    };
  });
  for (const label of ['default', 'ambient', 'explicit'] as const) {
    const way = ways[label];
    t.is(way.count, PAGE_USERS + 1, label);
    for (const names of [way.execute, way.iterated, way.pages, way.all]) {
      t.is(names.length, PAGE_USERS + 1, label);
      t.true(
        names.every((n) => n === label),
        `${label}: ${names.join(',')}`,
      );
    }
  }
});

test('query with limit(): the pages execute() collects all come from one client', async (t) => {
  const ways = await threeWays(async (explicit) => {
    const query = activeQuery().pageSize(1).limit(4);
    return (await (explicit ? query.withClient(db.clients.explicit) : query).execute()).items.map((u) => u.name);
  });
  for (const label of ['default', 'ambient', 'explicit'] as const) t.deepEqual(ways[label], Array(4).fill(label));
});

test('scan: execute, one segment, parallel segments', async (t) => {
  const ways = await threeWays(async (explicit) => {
    const scan = explicit ? db.users.scan.withClient(db.clients.explicit) : db.users.scan;
    const parallel: string[] = [];
    for await (const user of scan.pageSize(1).parallel(3)) parallel.push(user.name);
    const segments: string[] = [];
    for (let i = 0; i < 2; i++) segments.push(...(await scan.segment(i, 2).all()).map((u) => u.name));
    return { execute: (await scan.limit(100).execute()).items.map((u) => u.name), parallel, segments };
  });
  for (const label of ['default', 'ambient', 'explicit'] as const) {
    for (const names of Object.values(ways[label])) {
      t.true(names.length >= PAGE_USERS + 1, label);
      t.true(
        names.every((n) => n === label),
        `${label}: ${names.join(',')}`,
      );
    }
  }
});

test('untyped tables (DynamoDbTable) follow the same precedence', async (t) => {
  const table = new DynamoDbTable(db.clients.default, db.tableName, { partitionKey: 'pk' });
  const names = await threeWays(async (explicit) => {
    const get = table.get.withKey('pk', 'USER#who');
    return (await (explicit ? get.withClient(db.clients.explicit) : get).execute()).item?.name;
  });
  t.deepEqual(names, expected);
  const writeTable = new DynamoDbTable(writes.clients.default, writes.tableName, { partitionKey: 'pk' });
  await runWithClient(writes.clients.ambient, () =>
    writeTable.put.withItem({ pk: 'USER#untyped-put', name: 'x', _type: 'User' }).execute(),
  );
  t.deepEqual(await writes.landedIn('untyped-put'), ['ambient']);
});

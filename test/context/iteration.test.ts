import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { currentClient, runWithClient } from '../../src/index.js';
import { PAGE_USERS, type ThreeDatabases, threeDatabases } from './support/three-databases.js';

// A page fetched lazily uses the client in force when iteration started, even
// when the consumer resumes the iteration somewhere else (the client precedence).

let db: ThreeDatabases;
test.before(async () => {
  db = await threeDatabases('ctx-iteration');
});

const onePerPage = () => db.users.query.withIndex('StatusIndex').where('status = {0}', 'active').pageSize(1);

test('started in one scope, resumed in another: every page comes from the first', async (t) => {
  const iterator = onePerPage()[Symbol.asyncIterator]();
  const first = await runWithClient(db.clients.ambient, () => iterator.next());
  const names = [first.value?.name];
  await runWithClient(db.clients.explicit, async () => {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) names.push(next.value.name);
  });
  t.is(names.length, PAGE_USERS + 1);
  t.true(
    names.every((n) => n === 'ambient'),
    names.join(','),
  );
});

test('started outside any scope, resumed inside one: still the repository client', async (t) => {
  const pages = onePerPage().pages();
  const names = [(await pages.next()).value?.items[0]?.name];
  await runWithClient(db.clients.ambient, async () => {
    for await (const page of { [Symbol.asyncIterator]: () => pages }) names.push(...page.items.map((u) => u.name));
  });
  t.true(
    names.every((n) => n === 'default'),
    names.join(','),
  );
});

test('one prepared builder iterated by concurrent scopes: each iteration keeps its own client', async (t) => {
  const prepared = onePerPage();
  const clients = [db.clients.default, db.clients.ambient, db.clients.explicit];
  const labels = ['default', 'ambient', 'explicit'];
  const runs = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      runWithClient(clients[i % 3] as (typeof clients)[number], async () => {
        const names: string[] = [];
        for await (const user of prepared) {
          names.push(user.name);
          await sleep(i % 4); // let the other iterations interleave between pages
        }
        return names;
      }),
    ),
  );
  runs.forEach((names, i) => {
    t.is(names.length, PAGE_USERS + 1);
    t.true(
      names.every((n) => n === labels[i % 3]),
      `${i}: ${names.join(',')}`,
    );
  });
});

test('a hand-written async generator follows whoever resumes it (which is why the builders capture the client)', async (t) => {
  async function* clientsSeen() {
    for (let i = 0; i < 3; i++) {
      yield currentClient();
      await sleep(1);
    }
  }
  const generator = clientsSeen();
  const first = await runWithClient(db.clients.ambient, () => generator.next());
  const later = await runWithClient(db.clients.explicit, async () => [
    (await generator.next()).value,
    (await generator.next()).value,
  ]);
  t.is(first.value, db.clients.ambient);
  t.deepEqual(later, [db.clients.explicit, db.clients.explicit]);
});

test('parallel scans of concurrent scopes stay apart', async (t) => {
  const labels = ['ambient', 'explicit', 'default'] as const;
  const runs = await Promise.all(
    labels.map((label) =>
      runWithClient(db.clients[label], async () => {
        const names: string[] = [];
        for await (const user of db.users.scan.pageSize(1).parallel(4)) names.push(user.name);
        return names;
      }),
    ),
  );
  runs.forEach((names, i) => {
    t.true(names.length >= PAGE_USERS + 1);
    t.true(
      names.every((n) => n === labels[i]),
      names.join(','),
    );
  });
});

// Like sequential iteration, a parallel scan takes the client when its iteration
// starts, not when parallel() is called.
test("parallel() prepared outside a scope and iterated inside it uses the scope's client", async (t) => {
  const prepared = db.users.scan.pageSize(1).parallel(2);
  const names = await runWithClient(db.clients.ambient, async () => {
    const seen: string[] = [];
    for await (const user of prepared) seen.push(user.name);
    return seen;
  });
  t.true(
    names.every((n) => n === 'ambient'),
    names.join(','),
  );
});

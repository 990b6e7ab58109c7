import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { runWithoutClient } from '../../src/context/without-client.js';
import { currentClient, InvalidRequestError, runWithClient } from '../../src/index.js';
import { namedClient } from './support/named-clients.js';

const a = namedClient('a');
const b = namedClient('b');
const c = namedClient('c');

test('outside any scope there is no ambient client', (t) => {
  t.is(currentClient(), undefined);
});

test('runWithClient returns what fn returns, sync or async', async (t) => {
  t.is(
    runWithClient(a, () => 42),
    42,
  );
  t.is(await runWithClient(a, async () => 'x'), 'x');
});

test('nested scopes: the innermost wins, and each exit restores the outer client, also across awaits', async (t) => {
  await runWithClient(a, async () => {
    t.is(currentClient(), a);
    await runWithClient(b, async () => {
      t.is(currentClient(), b);
      await sleep(1);
      await runWithClient(c, async () => {
        await immediate();
        t.is(currentClient(), c);
      });
      t.is(currentClient(), b, 'c ended: back to b');
    });
    await sleep(1);
    t.is(currentClient(), a, 'b ended: back to a');
  });
  t.is(currentClient(), undefined, 'nothing once the outermost scope ended');
});

test('a sync scope ends when fn returns; an async one when its promise settles', async (t) => {
  runWithClient(a, () => t.is(currentClient(), a));
  t.is(currentClient(), undefined);
  const pending = runWithClient(a, async () => {
    await sleep(5);
    return currentClient();
  });
  t.is(currentClient(), undefined, 'not even while fn is still running');
  t.is(await pending, a);
});

test('the scope follows setTimeout, setImmediate, setInterval, nextTick and queueMicrotask callbacks', async (t) => {
  const seen = await runWithClient(a, () => {
    const one = <T>(register: (done: (value: T) => void) => void) => new Promise<T>(register);
    return Promise.all([
      one((done) => setTimeout(() => done(currentClient()), 2)),
      one((done) => setImmediate(() => done(currentClient()))),
      one((done) => process.nextTick(() => done(currentClient()))),
      one((done) => queueMicrotask(() => done(currentClient()))),
      one((done) => {
        let ticks = 0;
        const timer = setInterval(() => {
          if (++ticks < 3) return;
          clearInterval(timer);
          done(currentClient());
        }, 1);
      }),
    ]);
  });
  t.deepEqual(seen, [a, a, a, a, a]);
});

test('the scope follows promise chains: then, catch, finally, and the timers/promises API', async (t) => {
  const seen: unknown[] = [];
  await runWithClient(a, () =>
    Promise.resolve()
      .then(() => seen.push(currentClient()))
      .then(() => sleep(1))
      .then(() => {
        seen.push(currentClient());
        throw new Error('x');
      })
      .catch(() => seen.push(currentClient()))
      .finally(() => seen.push(currentClient()))
      .then(() => immediate())
      .then(() => seen.push(currentClient())),
  );
  t.deepEqual(seen, [a, a, a, a, a]);
});

test('a timer set inside a scope keeps it after runWithClient returned: it belongs to that call tree', async (t) => {
  const fired = new Promise((resolve) => {
    runWithClient(a, () => setTimeout(() => resolve(currentClient()), 5));
  });
  t.is(currentClient(), undefined);
  t.is(await fired, a);
});

test('an error thrown in fn propagates and the outer scope is back', async (t) => {
  await runWithClient(a, async () => {
    t.throws(() =>
      runWithClient(b, () => {
        throw new Error('sync');
      }),
    );
    t.is(currentClient(), a);
    await t.throwsAsync(
      runWithClient(b, async () => {
        await sleep(1);
        throw new Error('async');
      }),
    );
    t.is(currentClient(), a);
  });
});

test('runWithClient refuses something that is not a client instead of falling back to the default', (t) => {
  for (const notAClient of [undefined, null, {}, { send: 'no' }]) {
    t.throws(() => runWithClient(notAClient as unknown as typeof a, () => 1), { instanceOf: InvalidRequestError });
  }
});

test('runWithoutClient clears the ambient client for its callback only', async (t) => {
  await runWithClient(a, async () => {
    await runWithoutClient(async () => {
      await sleep(1);
      t.is(currentClient(), undefined);
      await runWithClient(b, async () => t.is(currentClient(), b));
    });
    t.is(currentClient(), a);
  });
});

test('concurrent scopes never see each other: 300 interleaved call trees', async (t) => {
  const clients = [a, b, c];
  const results = await Promise.all(
    Array.from({ length: 300 }, (_, i) => {
      const mine = clients[i % 3] as typeof a;
      return runWithClient(mine, async () => {
        const seen: unknown[] = [];
        for (let step = 0; step < 4; step++) {
          await (step % 2 === 0 ? sleep((i * 7 + step) % 5) : immediate());
          seen.push(currentClient());
        }
        return seen.every((client) => client === mine);
      });
    }),
  );
  t.true(results.every(Boolean));
});

test("a promise made in one scope and awaited in another does not carry its maker's client", async (t) => {
  // A shared lazy value (a config load, a cache fill) first requested by tenant a.
  let shared: Promise<string> | undefined;
  const load = () => {
    shared ??= sleep(5).then(() => 'config');
    return shared;
  };
  const [inA, inB] = await Promise.all([
    runWithClient(a, async () => {
      await load();
      return currentClient();
    }),
    runWithClient(b, async () => {
      await load();
      return currentClient();
    }),
  ]);
  t.is(inA, a);
  t.is(inB, b, 'b continues in its own scope after awaiting what a started');
  t.is(currentClient(), undefined);
});

test("work a request starts for everyone runs without that request's client when started in runWithoutClient", async (t) => {
  // A refresher set up lazily by whichever request comes first must not keep that tenant's client.
  let refresher: Promise<unknown> | undefined;
  const ensureRefresher = () => {
    refresher ??= runWithoutClient(() => sleep(2).then(() => currentClient()));
    return refresher;
  };
  await runWithClient(a, () => ensureRefresher());
  t.is(await refresher, undefined);
});

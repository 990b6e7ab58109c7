import { EventEmitter, EventEmitterAsyncResource, on } from 'node:events';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { bindClientContext, clientContextSnapshot } from '../../src/context/bind.js';
import { currentClient, runWithClient } from '../../src/index.js';
import { namedClient } from './support/named-clients.js';

const a = namedClient('a');
const b = namedClient('b');

// Why the bind helpers exist: a listener runs in the context of emit(), not of on().
test("a plain listener runs in the context of whoever emits: another tenant's, or none", (t) => {
  const emitter = new EventEmitter();
  const seen: unknown[] = [];
  runWithClient(a, () => emitter.on('job', () => seen.push(currentClient())));
  runWithClient(b, () => emitter.emit('job'));
  emitter.emit('job');
  t.deepEqual(seen, [b, undefined]);
});

test('bindClientContext: the listener keeps the client of where it was registered', (t) => {
  const emitter = new EventEmitter();
  const seen: unknown[] = [];
  runWithClient(a, () =>
    emitter.on(
      'job',
      bindClientContext(() => seen.push(currentClient())),
    ),
  );
  runWithClient(b, () => emitter.emit('job'));
  emitter.emit('job');
  t.deepEqual(seen, [a, a]);
  t.is(currentClient(), undefined);
});

test('bindClientContext outside any scope binds "no client": it clears the emitter\'s', (t) => {
  const emitter = new EventEmitter();
  let seen: unknown = 'not called';
  emitter.on(
    'job',
    bindClientContext(() => {
      seen = currentClient();
    }),
  );
  runWithClient(b, () => emitter.emit('job'));
  t.is(seen, undefined);
});

test('bindClientContext passes this, the arguments and the return value through', (t) => {
  const target = { tag: 'me' };
  const bound = runWithClient(a, () =>
    bindClientContext(function (this: { tag: string }, x: number, y: number) {
      return `${this.tag}:${x + y}:${currentClient() === a}`;
    }),
  );
  t.is(bound.call(target, 1, 2), 'me:3:true');
});

test('the scope of a bound callback follows its own awaits and timers', async (t) => {
  const emitter = new EventEmitter();
  const done = new Promise((resolve) => {
    runWithClient(a, () =>
      emitter.once(
        'job',
        bindClientContext(async () => {
          await sleep(2);
          resolve(currentClient());
        }),
      ),
    );
  });
  runWithClient(b, () => emitter.emit('job'));
  t.is(await done, a);
});

test('clientContextSnapshot runs any later callback with the client captured, or with none', (t) => {
  const inA = runWithClient(a, () => clientContextSnapshot());
  const outside = clientContextSnapshot();
  runWithClient(b, () => {
    t.is(
      inA(() => currentClient()),
      a,
    );
    t.is(
      outside(() => currentClient()),
      undefined,
    );
    t.is(currentClient(), b, 'and the caller keeps its own');
  });
});

test('EventEmitterAsyncResource runs listeners in the context it was created in', (t) => {
  const emitter = runWithClient(a, () => new EventEmitterAsyncResource({ name: 'tenant-jobs' }));
  let seen: unknown;
  emitter.on('job', () => {
    seen = currentClient();
  });
  runWithClient(b, () => emitter.emit('job'));
  t.is(seen, a);
});

test("awaiting events (events.on) keeps the consumer's scope, whoever emits", async (t) => {
  const emitter = new EventEmitter();
  const consumer = runWithClient(a, async () => {
    const seen: unknown[] = [];
    for await (const [n] of on(emitter, 'n')) {
      seen.push(currentClient());
      if (n === 3) break;
    }
    return seen;
  });
  await sleep(2);
  runWithClient(b, () => {
    for (const n of [1, 2, 3]) emitter.emit('n', n);
  });
  t.deepEqual(await consumer, [a, a, a]);
});

test("a stream read with for await keeps the reader's scope; a bare data listener does not", async (t) => {
  const listened = new PassThrough();
  const iterated = new PassThrough();
  const listenerSaw: unknown[] = [];
  runWithClient(a, () => listened.on('data', () => listenerSaw.push(currentClient())));
  const reader = runWithClient(a, async () => {
    const seen: unknown[] = [];
    for await (const _chunk of iterated) seen.push(currentClient());
    return seen;
  });
  await sleep(2);
  runWithClient(b, () => {
    for (const stream of [listened, iterated]) {
      stream.write('x');
      stream.end('y');
    }
  });
  const readerSaw = await reader;
  await sleep(2);
  t.true(readerSaw.length > 0);
  t.true(readerSaw.every((client) => client === a));
  t.true(listenerSaw.length > 0);
  t.true(
    listenerSaw.every((client) => client === b),
    "the data listener ran in the writer's context",
  );
});

import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { projectionWithKeys } from '../../src/builders/batch-get/projection-keys.js';
import { packReads, planReads } from '../../src/builders/batch-get/read-plan.js';
import { backoffDelay, retryPolicy } from '../../src/builders/batching/backoff.js';
import { runBounded } from '../../src/builders/batching/bounded-pool.js';
import { chunk } from '../../src/builders/batching/chunk.js';
import { identityOf } from '../../src/builders/batching/item-identity.js';
import { InvalidRequestError } from '../../src/index.js';
import { canonicalDecimal } from '../../src/mapping/stored-number.js';

test('chunk: consecutive slices of at most n', (t) => {
  t.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  t.deepEqual(chunk([], 25), []);
});

test('runBounded never runs more than n at once, and returns what it did not start once stopped', async (t) => {
  let running = 0;
  let most = 0;
  const done: number[] = [];
  const rest = await runBounded(
    Array.from({ length: 20 }, (_, i) => i),
    3,
    async (i) => {
      running++;
      most = Math.max(most, running);
      await sleep(2);
      done.push(i);
      running--;
    },
    () => done.length >= 10,
  );
  t.is(most, 3);
  t.true(done.length >= 10 && done.length <= 12);
  t.deepEqual(
    [...done, ...rest].sort((a, b) => a - b),
    Array.from({ length: 20 }, (_, i) => i),
  );
});

test('numbers DynamoDB may rewrite still identify the same key', (t) => {
  t.is(canonicalDecimal('1.50'), canonicalDecimal('1.5'));
  t.is(canonicalDecimal('1e3'), canonicalDecimal('1000'));
  t.is(canonicalDecimal('-0.0012'), canonicalDecimal('-1.2E-3'));
  t.is(canonicalDecimal('0.000'), '0');
  t.not(canonicalDecimal('12'), canonicalDecimal('1.2'));
  t.is(identityOf('t', { pk: { S: 'a' }, sk: { N: '10' } }), identityOf('t', { sk: { N: '1e1' }, pk: { S: 'a' } }));
  t.is(identityOf('t', { s: { SS: ['b', 'a'] } }), identityOf('t', { s: { SS: ['a', 'b'] } }));
});

test('full jitter stays below a doubling, capped ceiling; bad options fail at once', (t) => {
  const policy = retryPolicy({ baseDelayMs: 10, maxDelayMs: 50, random: () => 0.5 });
  t.deepEqual(
    [1, 2, 3, 4].map((a) => backoffDelay(policy, a)),
    [
      { ceilingMs: 10, delayMs: 5 },
      { ceilingMs: 20, delayMs: 10 },
      { ceilingMs: 40, delayMs: 20 },
      { ceilingMs: 50, delayMs: 25 },
    ],
  );
  t.throws(() => retryPolicy({ maxAttempts: 0 }), { instanceOf: InvalidRequestError });
  t.throws(() => retryPolicy({ baseDelayMs: -1 }), { instanceOf: InvalidRequestError });
});

test('key attributes are added to a projection that leaves them out, once', (t) => {
  t.deepEqual(projectionWithKeys('#n0', { '#n0': 'name' }, ['pk', 'sk']), {
    expression: '#n0, #key0, #key1',
    names: { '#n0': 'name', '#key0': 'pk', '#key1': 'sk' },
  });
  t.deepEqual(projectionWithKeys('#n0.#n1, #n2', { '#n0': 'a', '#n1': 'pk', '#n2': 'pk' }, ['pk']), {
    expression: '#n0.#n1, #n2',
    names: { '#n0': 'a', '#n1': 'pk', '#n2': 'pk' },
  });
  t.deepEqual(projectionWithKeys(undefined, undefined, ['pk']), {});
});

test('reads are deduplicated, and one table read two ways never shares a request', (t) => {
  const key = (id: string) => ({ pk: { S: id } });
  const reads = planReads([
    { index: 0, input: { TableName: 'a', Key: key('1') } },
    { index: 1, input: { TableName: 'a', Key: key('1') } },
    { index: 2, input: { TableName: 'a', Key: key('2'), ConsistentRead: true } },
    { index: 3, input: { TableName: 'b', Key: key('1') } },
  ]);
  t.deepEqual(
    reads.map((r) => r.operations),
    [[0, 1], [2], [3]],
  );
  const chunks = packReads(reads, 100);
  t.is(chunks.length, 2);
  for (const c of chunks) {
    const lanes = new Map<string, Set<string>>();
    for (const r of c) lanes.set(r.lane.table, (lanes.get(r.lane.table) ?? new Set()).add(r.lane.id));
    t.true([...lanes.values()].every((l) => l.size === 1));
  }
  t.deepEqual(
    packReads(
      planReads(Array.from({ length: 250 }, (_, i) => ({ index: i, input: { TableName: 'a', Key: key(String(i)) } }))),
      100,
    ).map((c) => c.length),
    [100, 100, 50],
  );
});

// Property: any Task or Note put through a repository comes back from DynamoDB Local's stream, through changesOf,
// as an equal instance of its class (key parts from the key templates, dates, sets, binary, numbers).
import test from 'ava';
import fc from 'fast-check';
import { Repository } from '../../src/index.js';
import { changesOf } from '../../src/streams/index.js';
import { testClient } from '../support/dynamo.js';
import { Note, Task } from './entities.js';
import { followedTable } from './support.js';

const client = testClient();

/** Without the properties left undefined: a read leaves them absent. */
function defined<T extends object>(target: T, fields: Record<string, unknown>): T {
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  return target;
}

/** Sets compared regardless of order (DynamoDB keeps none), classes kept. */
function comparable(item: object | undefined): unknown {
  if (!item) return item;
  const out = Object.create(Object.getPrototypeOf(item)) as Record<string, unknown>;
  for (const [k, v] of Object.entries(item)) out[k] = v instanceof Set ? [...v].sort() : v;
  return out;
}

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const number = fc.oneof(
  fc.integer(),
  fc.double({ min: -1e12, max: 1e12, noNaN: true }).filter((n) => (n === 0 ? !Object.is(n, -0) : Math.abs(n) > 1e-100)),
);
const date = fc.date({
  min: new Date('1970-01-01T00:00:00Z'),
  max: new Date('2200-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const taskOf = fc.record({
  tenantId: id,
  title: fc.string(),
  done: fc.boolean(),
  due: fc.option(date, { nil: undefined }),
  tags: fc.option(
    fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 5 }).map((a) => new Set(a)),
    {
      nil: undefined,
    },
  ),
  estimate: fc.option(number, { nil: undefined }),
});
const noteOf = fc.record({
  tenantId: id,
  text: fc.string({ unit: 'grapheme' }),
  attachment: fc.option(fc.uint8Array({ minLength: 1, maxLength: 64 }), { nil: undefined }),
});
const items = fc.array(
  fc.oneof(
    taskOf.map((f) => ({ task: f })),
    noteOf.map((f) => ({ note: f })),
  ),
  {
    minLength: 1,
    maxLength: 8,
  },
);

test('generated items round-trip put -> stream record -> entity', async (t) => {
  const followed = await followedTable(t, client, 'NEW_IMAGE');
  const tasks = new Repository(Task, { client, tableName: followed.table });
  const notes = new Repository(Note, { client, tableName: followed.table });
  let run = 0;
  await fc.assert(
    fc.asyncProperty(items, async (generated) => {
      run += 1;
      const seen = followed.records.length;
      const expected = generated.map((g, i) =>
        'task' in g
          ? defined(new Task(), { ...g.task, taskId: `r${run}-${i}` })
          : defined(new Note(), { ...g.note, noteId: `r${run}-${i}` }),
      );
      for (const item of expected) {
        if (item instanceof Task) await tasks.put.withItem(item).execute();
        else await notes.put.withItem(item).execute();
      }
      const event = await followed.event(seen + expected.length);
      const changes = changesOf({ Records: event.Records.slice(seen) }, [Task, Note], { tableName: followed.table });
      t.deepEqual(
        changes.map((c) => comparable(c.newItem)),
        expected.map(comparable),
      );
      t.true(changes.every((c, i) => c.eventName === 'INSERT' && c.entity === expected[i]?.constructor));
    }),
    { numRuns: 15 },
  );
});

// Puts, updates and deletes of two entity types (Task, Note) of two tenants in one table, read back from DynamoDB
// Local's real stream (followStream) as typed changes, for every stream view type: the images the view type carries
// are hydrated instances, the others undefined; KEYS_ONLY records are told apart by their key format.
import test from 'ava';
import { Repository } from '../../src/index.js';
import { changesOf, type StreamViewType } from '../../src/streams/index.js';
import { testClient } from '../support/dynamo.js';
import { Note, note, Task, task } from './entities.js';
import { followedTable } from './support.js';

const client = testClient();
const due = new Date('2026-05-01T10:00:00.000Z');

const CARRIES: Record<StreamViewType, { old: boolean; new: boolean }> = {
  KEYS_ONLY: { old: false, new: false },
  NEW_IMAGE: { old: false, new: true },
  OLD_IMAGE: { old: true, new: false },
  NEW_AND_OLD_IMAGES: { old: true, new: true },
};

for (const view of Object.keys(CARRIES) as StreamViewType[]) {
  test(`${view}: puts, updates and deletes of two types and two tenants arrive as typed changes`, async (t) => {
    const followed = await followedTable(t, client, view);
    const tasks = new Repository(Task, { client, tableName: followed.table });
    const notes = new Repository(Note, { client, tableName: followed.table });

    const acmeTask = task('acme', 't1', { due, tags: new Set(['a', 'b']), estimate: 3 });
    const globexNote = note('globex', 'n1', { attachment: new Uint8Array([0, 1, 254, 255]) });
    const acmeNote = note('acme', 'n2');
    await tasks.put.withItem(acmeTask).execute();
    await notes.put.withItem(globexNote).execute();
    await tasks.update.withKey({ tenantId: 'acme', taskId: 't1' }).set('SET title = {0}', 'renamed').execute();
    await notes.put.withItem(acmeNote).execute();
    await notes.delete.withKey({ tenantId: 'globex', noteId: 'n1' }).execute();
    await tasks.delete.withKey({ tenantId: 'acme', taskId: 't1' }).execute();
    const renamed = Object.assign(new Task(), acmeTask, { title: 'renamed' });

    const changes = changesOf(await followed.event(6), [Task, Note], { tableName: followed.table });
    t.is(changes.length, 6);
    t.deepEqual(changes.skipped, []);
    const carries = CARRIES[view];
    const expected = [
      { eventName: 'INSERT', entity: Task, keys: { tenantId: 'acme', taskId: 't1' }, old: undefined, new: acmeTask },
      {
        eventName: 'INSERT',
        entity: Note,
        keys: { tenantId: 'globex', noteId: 'n1' },
        old: undefined,
        new: globexNote,
      },
      { eventName: 'MODIFY', entity: Task, keys: { tenantId: 'acme', taskId: 't1' }, old: acmeTask, new: renamed },
      { eventName: 'INSERT', entity: Note, keys: { tenantId: 'acme', noteId: 'n2' }, old: undefined, new: acmeNote },
      {
        eventName: 'REMOVE',
        entity: Note,
        keys: { tenantId: 'globex', noteId: 'n1' },
        old: globexNote,
        new: undefined,
      },
      { eventName: 'REMOVE', entity: Task, keys: { tenantId: 'acme', taskId: 't1' }, old: renamed, new: undefined },
    ] as const;
    for (const [i, want] of expected.entries()) {
      const change = changes[i];
      if (!change) {
        t.fail(`change ${i} missing`);
        continue;
      }
      t.is(change.eventName, want.eventName, `change ${i}`);
      t.is(change.entity, want.entity, `change ${i}`);
      t.is(change.table, followed.table);
      t.deepEqual(change.keys, want.keys, `change ${i}`);
      t.is(change.sequenceNumber, followed.records[i]?.dynamodb?.SequenceNumber as string);
      t.true(change.approximateCreationTime instanceof Date);
      t.deepEqual(change.newItem, carries.new ? want.new : undefined, `change ${i} newItem`);
      t.deepEqual(change.oldItem, carries.old ? want.old : undefined, `change ${i} oldItem`);
      if (change.newItem) t.true(change.newItem instanceof want.entity);
      if (change.oldItem) t.true(change.oldItem instanceof want.entity);
    }
    // What changed, attribute by attribute, when the view type carries the images needed to tell.
    const modify = changes[2];
    t.deepEqual(modify?.changed, view === 'NEW_AND_OLD_IMAGES' ? ['title'] : undefined);
    const insert = changes[0];
    if (carries.new) t.true(insert?.changed?.includes('title') && insert.changed.includes('taskId'));
    else t.is(insert?.changed, undefined);
  });
}

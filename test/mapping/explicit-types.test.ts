import test from 'ava';
import { Attribute, MetadataError, PartitionKey, Table } from '../../src/index.js';
import { entityToItem, itemToEntity } from '../../src/mapping/entity-mapper.js';
import { entityMetadata } from '../../src/metadata/compile-entity.js';

// esbuild, tsx and swc emit no `design:type` metadata. Decorators are applied
// here by hand, as their output does, so no metadata exists: explicit types
// must carry the day.
class Event {
  id!: string;
  at!: Date;
  count!: number;
  guessed?: unknown;
}
PartitionKey()(Event.prototype, 'id');
Attribute({ type: Date })(Event.prototype, 'at');
Attribute({ type: Number })(Event.prototype, 'count');
Attribute({ type: Object })(Event.prototype, 'guessed');
Table('events')(Event);

/** The same, with one attribute whose type is given neither explicitly nor by metadata. */
class Untyped {
  id!: string;
  at!: Date;
}
PartitionKey()(Untyped.prototype, 'id');
Attribute()(Untyped.prototype, 'at');
Table('events')(Untyped);

test('explicit types work without emitted decorator metadata', (t) => {
  t.is(Reflect.getMetadata?.('design:type', Event.prototype, 'at'), undefined, 'no design metadata, as with esbuild');
  const meta = entityMetadata(Event);
  const item = entityToItem(
    meta,
    Object.assign(new Event(), { id: 'e1', at: new Date(1000), count: 2, guessed: new Date(2000) }),
  );
  t.deepEqual(item.at, { S: new Date(1000).toISOString() });
  const back = itemToEntity<Event>(meta, item);
  t.true(back.at instanceof Date);
  t.is(back.count, 2);
  // Declared open (Object), a Date is stored as its ISO string and read back as that string.
  t.is(back.guessed, new Date(2000).toISOString());
});

test('an attribute with no type and no decorator metadata is refused, naming the property and the fix', (t) => {
  const error = t.throws(() => entityMetadata(Untyped), { instanceOf: MetadataError });
  t.regex(error?.message ?? '', /^Untyped\.at: has no type: .*@Attribute\(\{ type: String \}\)/);
  t.is(error?.property, 'at');
});

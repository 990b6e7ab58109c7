/**
 * Compile-time checks of placeholder numbering: the values are numbered by
 * the placeholders (highest index + 1, `#{n}` included), without gaps, as
 * the run-time parser requires; specs decide their value's type; name
 * placeholders take names, and only in conditions and filters.
 */
import test from 'ava';
import { acceptedAtRunTime, key, namesIn, newProfile, profiles } from './support.js';

const update = profiles.update.withKey(key);
const put = profiles.put.withItem(newProfile());
const scan = profiles.scan;
const field: string = 'name';

/**
 * Calls that must not compile: each line under a @ts-expect-error fails the build if it stops being an error.
 * They are never run (the run time refuses them too, by its own checks).
 */
const refusedNumbering: ReadonlyArray<() => unknown> = [
  // @ts-expect-error {2} has no value: three values are needed
  () => put.where('name = {0} AND score > {1} AND rev < {2}', 'x', 1),
  // @ts-expect-error a value without a placeholder
  () => put.where('name = {0}', 'x', 'y'),
  // @ts-expect-error a value for a template without placeholders
  () => put.where('attribute_exists(name)', 'x'),
  // @ts-expect-error no value at all for {0}
  () => update.set('SET name = {0}'),
  // @ts-expect-error an update short of its second value
  () => update.set('SET name = {0}, score = {1}', 'x'),
  // @ts-expect-error a skipped index: {0} and {2} only
  () => put.where('name = {0} OR name = {2}', 'a', 'b', 'c'),
  // @ts-expect-error a skipped index in an update
  () => update.set('SET name = {1}', 'a', 'b'),
  // @ts-expect-error #{0} counts as a value: {1} needs a second one
  () => scan.withFilter('#{0} = {1}', 'name'),
  // @ts-expect-error one value too many after a name placeholder
  () => scan.withFilter('attribute_exists(#{0})', 'name', 'x'),
  // @ts-expect-error a name placeholder's value is a name (a string)
  () => scan.withFilter('#{0} = {1}', 42, 'x'),
  // @ts-expect-error name placeholders are not allowed in updates
  () => update.set('SET #{0} = {1}', 'name', 'x'),
  // @ts-expect-error nor in key conditions
  () => profiles.query.where('#{0} = {1}', 'profileId', 'p1'),
  // @ts-expect-error {n:o} formats a Date
  () => put.where('seen < {0:o}', '2026-01-01'),
  // @ts-expect-error {n:ttl} formats a Date
  () => update.set('SET score = {0:ttl}', 1767225600),
  // @ts-expect-error {n:ms} formats a Date
  () => scan.withFilter('score > {0:ms}', 5),
];

test('values are numbered by the placeholders; specs and name placeholders build requests', (t) => {
  const reused = put.where('name = {0} OR (score > {1} AND name <> {0})', 'x', 3).toInput();
  t.deepEqual(Object.values(reused.ExpressionAttributeValues ?? {}), [{ S: 'x' }, { N: '3' }, { S: 'x' }]);

  const seen = new Date('2026-01-01T00:00:00.000Z');
  const specs = update.set('SET name = {0:s}, score = {1:ttl}, seen = {2:o}', 42, seen, seen).toInput();
  t.deepEqual(Object.values(specs.ExpressionAttributeValues ?? {}), [
    { S: '42' },
    { N: '1767225600' },
    { S: '2026-01-01T00:00:00.000Z' },
  ]);

  // The name of a #{n} placeholder is any string at compile time (names come from requests): the run time checks it.
  const named = scan.withFilter('#{0} = {1} AND attribute_exists(#{2})', field, 'Ada', 'score').toInput();
  t.deepEqual(namesIn(named), ['name', 'score']);
});

test('the calls refused at compile time are refused at run time as well', (t) => {
  t.is(refusedNumbering.length, 15);
  t.deepEqual(acceptedAtRunTime(refusedNumbering), []);
});

/**
 * Compile-time checks of the values of conditions, filters and key
 * conditions: a placeholder standing against a property takes the
 * property's type (or null; a Date property also its stored string or
 * number); functions take what they test (a prefix, an element, a type name).
 */
import test from 'ava';
import { acceptedAtRunTime, key, newProfile, profiles } from './support.js';

const put = profiles.put.withItem(newProfile());
const scan = profiles.scan;
const query = profiles.query;
const maybe = undefined as string | undefined;

/**
 * Calls that must not compile: each line under a @ts-expect-error fails the build if it stops being an error.
 * They are never run (the run time refuses them too, by its own checks).
 */
const refusedValues: ReadonlyArray<() => unknown> = [
  // @ts-expect-error = takes the property's type
  () => put.where('name = {0}', 42),
  // @ts-expect-error either side
  () => put.where('{0} = name', 42),
  // @ts-expect-error <>
  () => put.where('score <> {0}', '3'),
  // @ts-expect-error <
  () => put.where('score < {0}', '3'),
  // @ts-expect-error <=
  () => put.where('score <= {0}', true),
  // @ts-expect-error >
  () => put.where('{0} > score', '3'),
  // @ts-expect-error >=
  () => put.where('score >= {0}', [3]),
  // @ts-expect-error a literal union property takes its members only
  () => put.where('status = {0}', 'deleted'),
  // @ts-expect-error a Date property takes a Date, string or number, not a boolean
  () => put.where('seen > {0}', true),
  // @ts-expect-error undefined is not a value
  () => put.where('name = {0}', maybe),
  // @ts-expect-error both bounds of BETWEEN
  () => put.where('score BETWEEN {0} AND {1}', 1, '9'),
  // @ts-expect-error the items of IN
  () => put.where('status IN ({0}, {1}, {2})', 'active', 'inactive', 'deleted'),
  // @ts-expect-error begins_with takes a string prefix
  () => put.where('begins_with(name, {0})', 1),
  // @ts-expect-error begins_with of a binary attribute takes bytes
  () => put.where('begins_with(bytes, {0})', 'ab'),
  // @ts-expect-error contains of a Set<string> takes a string
  () => put.where('contains(tags, {0})', 1),
  // @ts-expect-error contains of a Set<number> takes a number
  () => put.where('contains(lucky, {0})', '7'),
  // @ts-expect-error contains of a string[] takes a string
  () => put.where('contains(notes, {0})', ['a']),
  // @ts-expect-error contains of a string takes a substring
  () => put.where('contains(name, {0})', 1),
  // @ts-expect-error size() is a number
  () => put.where('size(tags) > {0}', '2'),
  // @ts-expect-error size() on the right
  () => put.where('{0} <= size(notes)', '2'),
  // @ts-expect-error attribute_type takes a DynamoDB type name
  () => put.where('attribute_type(score, {0})', 'X'),
  // @ts-expect-error a nested property's type
  () => put.where('place.city = {0}', 1),
  // @ts-expect-error two levels down
  () => put.where('place.geo.lat > {0}', '59'),
  // @ts-expect-error an element of a list of classes
  () => put.where('visits[0].city = {0}', 1),
  // @ts-expect-error a plain object type's property
  () => put.where('prefs.font.size = {0}', 'big'),
  // @ts-expect-error the same value in two places must fit both
  () => put.where('name = {0} OR score = {0}', 'x'),
  // @ts-expect-error under NOT and parentheses
  () => put.where('NOT (score = {0})', 'x'),
  // @ts-expect-error a filter
  () => scan.withFilter('active = {0}', 'yes'),
  // @ts-expect-error a key condition's partition key (named by property)
  () => query.where('profileId = {0}', 1),
  // @ts-expect-error a key condition's sort key
  () => query.where('profileId = {0} AND rev BETWEEN {1} AND {2}', 'p1', '1', '9'),
  // @ts-expect-error begins_with in a key condition
  () => query.where('profileId = {0} AND begins_with(rev, {1})', 'p1', 1),
  // @ts-expect-error a delete's condition
  () => profiles.delete.withKey(key).where('score = {0}', '1'),
];

test('values of the property types build conditions, filters and key conditions', (t) => {
  const seen = new Date('2026-01-01T00:00:00.000Z');
  const put1 = put
    .where(
      'name = {0} AND status IN ({1}, {2}) AND score BETWEEN {3} AND {4} AND begins_with(name, {5}) AND contains(tags, {6}) AND contains(lucky, {7}) AND size(notes) < {8} AND attribute_type(score, {9}) AND place.geo.lat > {10} AND seen < {11}',
      'Ada',
      'active',
      'inactive',
      1,
      9,
      'A',
      'x',
      7,
      3,
      'N',
      59.9,
      seen,
    )
    .toInput();
  t.is(Object.keys(put1.ExpressionAttributeValues ?? {}).length, 12);

  const nulls = scan.withFilter('name <> {0} AND seen <> {1}', null, null).toInput();
  t.is(nulls.FilterExpression, '#n0 <> :v0 AND #n1 <> :v1');

  // A Date attribute also takes its stored form (the run time decides which: this one is stored ISO).
  const dates = scan.withFilter('seen BETWEEN {0} AND {1}', seen, '2026-02-01T00:00:00.000Z').toInput();
  t.deepEqual(Object.values(dates.ExpressionAttributeValues ?? {}), [
    { S: '2026-01-01T00:00:00.000Z' },
    { S: '2026-02-01T00:00:00.000Z' },
  ]);

  const bytes = scan.withFilter('begins_with(bytes, {0}) OR contains(notes, {1})', new Uint8Array([1]), 'n').toInput();
  t.deepEqual(Object.values(bytes.ExpressionAttributeValues ?? {})[0], { B: new Uint8Array([1]) });

  const keyed = profiles.query.where('profileId = {0} AND rev BETWEEN {1} AND {2}', 'p1', 1, 9).toInput();
  t.is(keyed.KeyConditionExpression, '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2');
});

// The run time checks names and converts values by the attribute's converter; these calls are for the compiler.
test('every compile-time refusal is listed', (t) => {
  t.is(refusedValues.length, 32);
  // And the run time refuses each of them too, before sending, except what only the compiler can know:
  // literal unions, the element types of sets and lists and plain object types are TypeScript's only.
  t.deepEqual(acceptedAtRunTime(refusedValues), [7, 11, 14, 15, 16, 24]);
});

/**
 * Compile-time checks of the clauses the type-level pass reads in one step
 * (`f(path, {n})`, `f(path)`, `size(path) op {n}`, `path BETWEEN {n} AND {m}`,
 * `path IN ({n}, ...)`, `#{n} op {m}`, grouping and NOT around them, and
 * `SET a = {n}, b = {m}`), in the places where they follow or enclose other
 * clauses: a wrong name or value is refused there as it is token by token,
 * and a spelling the one-step reading does not take (no space after a comma,
 * an indexed path, lower-case keywords) is still checked.
 */
import test from 'ava';
import { acceptedAtRunTime, key, newProfile, profiles } from './support.js';

const put = profiles.put.withItem(newProfile());
const scan = profiles.scan;
const query = profiles.query;
const update = profiles.update.withKey(key);

/**
 * Calls that must not compile: each line under a @ts-expect-error fails the build if it stops being an error.
 */
const refused: ReadonlyArray<() => unknown> = [
  // @ts-expect-error a comparison after f(path)
  () => put.where('attribute_exists(place) AND score = {0}', 'x'),
  // @ts-expect-error a misspelt path in f(path) before another clause
  () => put.where('attribute_not_exists(nmae) OR score = {0}', 1),
  // @ts-expect-error begins_with's prefix inside a group
  () => scan.withFilter('(begins_with(name, {0}) OR contains(tags, {1})) AND score = {2}', 1, 't', 2),
  // @ts-expect-error contains' element after a group closes
  () => scan.withFilter('(score = {0}) AND contains(lucky, {1})', 1, 'seven'),
  // @ts-expect-error a misspelt path in contains() inside a group
  () => scan.withFilter('(contains(tgas, {0}))', 't'),
  // @ts-expect-error size() after a group and NOT
  () => scan.withFilter('(name = {0}) AND NOT size(notes) > {1}', 'x', '2'),
  // @ts-expect-error a misspelt path in size() after a comparison
  () => scan.withFilter('name = {0} AND size(ntoes) > {1}', 'x', 2),
  // @ts-expect-error the upper bound of BETWEEN after f(path)
  () => put.where('attribute_exists(score) AND score BETWEEN {0} AND {1}', 1, '9'),
  // @ts-expect-error a misspelt path before BETWEEN
  () => put.where('name = {0} AND scroe BETWEEN {1} AND {2}', 'x', 1, 9),
  // @ts-expect-error an IN item after f(path) and a group
  () => put.where('attribute_not_exists(profileId) OR (status IN ({0}, {1}))', 'active', 'deleted'),
  // @ts-expect-error a misspelt path before IN
  () => put.where('stauts IN ({0}, {1})', 'active', 'inactive'),
  // @ts-expect-error an IN item written without a space after the comma
  () => put.where('status IN ({0},{1})', 'active', 'deleted'),
  // @ts-expect-error a name placeholder in a key condition
  () => query.where('#{0} = {1}', 'profileId', 'p1'),
  // @ts-expect-error a name placeholder's value names an attribute (a string)
  () => scan.withFilter('#{0} = {1} AND score > {2}', 1, 'x', 2),
  // @ts-expect-error the value after a name placeholder clause
  () => scan.withFilter('#{0} = {1} AND score > {2}', 'name', 'x', '2'),
  // @ts-expect-error placeholders numbered with a gap, through f(path, {n})
  () => put.where('begins_with(name, {1})', 'x'),
  // @ts-expect-error out of order through f(path, {n}): {1} is the prefix
  () => put.where('score = {0} OR begins_with(name, {1})', 'x', 1),
  // @ts-expect-error an indexed path's value
  () => put.where('visits[0].city = {0} AND name = {1}', 1, 'x'),
  // @ts-expect-error a lower-case connector before f(path, {n})
  () => put.where('name = {0} and begins_with(name, {1})', 'x', 1),
  // @ts-expect-error the second SET action's value
  () => update.set('SET name = {0}, score = {1}', 'x', '1'),
  // @ts-expect-error the second SET action's path
  () => update.set('SET name = {0}, scroe = {1}', 'x', 1),
  // @ts-expect-error a SET action written without a space after the comma
  () => update.set('SET name = {0},score = {1}', 'x', '1'),
  // @ts-expect-error a SET action after REMOVE's comma-separated paths
  () => update.set('REMOVE active, place SET score = {0}', '1'),
];

test('values of one-step clauses build their requests', (t) => {
  const grouped = scan
    .withFilter(
      '(begins_with(name, {0}) OR contains(tags, {1})) AND score BETWEEN {2} AND {3} AND size(notes) > {4}',
      'A',
      't',
      1,
      9,
      0,
    )
    .toInput();
  t.is(
    grouped.FilterExpression,
    '(begins_with(#n0, :v0) OR contains(#n1, :v1)) AND #n2 BETWEEN :v2 AND :v3 AND size(#n3) > :v4',
  );

  const listed = put
    .where('attribute_not_exists(profileId) OR (status IN ({0}, {1}) AND NOT name = {2})', 'active', 'inactive', 'x')
    .toInput();
  t.is(Object.keys(listed.ExpressionAttributeValues ?? {}).length, 3);

  const named = scan
    .withFilter('#{0} = {1} AND score > {2} AND attribute_type(name, {3})', 'name', 'x', 2, 'S')
    .toInput();
  // The name placeholder's attribute is the one attribute_type() tests: one alias for both.
  t.is(named.FilterExpression, '#n0 = :v0 AND #n1 > :v1 AND attribute_type(#n0, :v2)');

  const reordered = put.where('begins_with(name, {1}) AND score = {0}', 1, 'A').toInput();
  t.deepEqual(Object.values(reordered.ExpressionAttributeValues ?? {}), [{ S: 'A' }, { N: '1' }]);

  const set = update.set('SET name = {0}, score = {1} REMOVE place', 'x', 1).toInput();
  t.is(Object.keys(set.ExpressionAttributeValues ?? {}).length, 2);
});

test('every compile-time refusal of a one-step clause is listed', (t) => {
  t.is(refused.length, 23);
  // The run time refuses each of them too, except what only the compiler can know: the element type of a set
  // and a literal union's members.
  t.deepEqual(acceptedAtRunTime(refused), [3, 9, 11]);
});
